// A disk image file (raw sectors, no header). Reads and writes go straight to the file with
// pread/pwrite, so nothing is buffered in the process and every completed guest write is in the
// file (the kernel's page cache) by exit. In snapshot mode the file is opened read-only and
// writes land in an in-memory overlay of 512-byte blocks that is discarded with the object.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace bw {

class DiskImage {
public:
    static constexpr uint32_t kBlock = 512;

    // Throws std::runtime_error with a one-line message when the file is missing or unreadable.
    // A file that cannot be opened for writing is opened read-only (read_only() reports it);
    // `force_read_only` always does so (CD-ROMs).
    DiskImage(const std::string& path, bool snapshot, bool force_read_only = false);
    ~DiskImage();
    DiskImage(const DiskImage&) = delete;
    DiskImage& operator=(const DiskImage&) = delete;

    const std::string& path() const { return path_; }
    uint64_t size() const { return size_; }
    uint64_t sectors() const { return size_ / kBlock; }
    // Guest writes are refused (a snapshot of a read-only file is writable: it never touches it).
    bool read_only() const { return read_only_; }

    // Byte-addressed I/O; `offset` and `len` are multiples of 512. Returns false when the range
    // lies beyond the end of the image or the host I/O fails (read: the buffer is then zeroed).
    bool read(uint64_t offset, uint8_t* buf, uint64_t len);
    bool write(uint64_t offset, const uint8_t* buf, uint64_t len);
    bool read_sectors(uint64_t lba, uint32_t count, uint8_t* buf) { return read(lba * kBlock, buf, uint64_t(count) * kBlock); }
    bool write_sectors(uint64_t lba, uint32_t count, const uint8_t* buf) { return write(lba * kBlock, buf, uint64_t(count) * kBlock); }

    // Pushes written data to stable storage (fdatasync); called for the guest's FLUSH CACHE.
    void flush();

private:
    std::string path_;
    int fd_ = -1;
    uint64_t size_ = 0;
    bool snapshot_ = false;
    bool read_only_ = false;
    bool dirty_ = false;
    std::unordered_map<uint64_t, std::array<uint8_t, kBlock>> overlay_;
};

} // namespace bw
