#include "devices/disk_image.h"
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace bw {

DiskImage::DiskImage(const std::string& path, bool snapshot, bool force_read_only)
    : path_(path), snapshot_(snapshot) {
    if (path.empty()) throw std::runtime_error("no disk image path given");
    bool want_write = !snapshot && !force_read_only;
    if (want_write) fd_ = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd_ < 0 && (!want_write || errno == EACCES || errno == EROFS || errno == EPERM)) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        // Without snapshot, a file we may not write is a write-protected disk for the guest.
        read_only_ = force_read_only || (!snapshot && fd_ >= 0);
    }
    if (fd_ < 0) throw std::runtime_error("cannot open disk image '" + path + "': " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd_);
        throw std::runtime_error("disk image '" + path + "' is not a regular file");
    }
    size_ = uint64_t(st.st_size);
}

DiskImage::~DiskImage() {
    if (fd_ < 0) return;
    flush();
    ::close(fd_);
}

static bool pread_all(int fd, uint8_t* buf, uint64_t len, uint64_t off) {
    while (len) {
        ssize_t n = ::pread(fd, buf, len, off_t(off));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buf += n, len -= uint64_t(n), off += uint64_t(n);
    }
    return true;
}

static bool pwrite_all(int fd, const uint8_t* buf, uint64_t len, uint64_t off) {
    while (len) {
        ssize_t n = ::pwrite(fd, buf, len, off_t(off));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buf += n, len -= uint64_t(n), off += uint64_t(n);
    }
    return true;
}

bool DiskImage::read(uint64_t offset, uint8_t* buf, uint64_t len) {
    if (offset > size_ || len > size_ - offset) {
        std::memset(buf, 0, len);
        return false;
    }
    if (!pread_all(fd_, buf, len, offset)) {
        std::memset(buf, 0, len);
        return false;
    }
    if (!overlay_.empty())
        for (uint64_t k = 0; k < len; k += kBlock) {
            auto it = overlay_.find((offset + k) / kBlock);
            if (it != overlay_.end()) std::memcpy(buf + k, it->second.data(), kBlock);
        }
    return true;
}

bool DiskImage::write(uint64_t offset, const uint8_t* buf, uint64_t len) {
    if (read_only_ || offset > size_ || len > size_ - offset) return false;
    if (snapshot_) {
        for (uint64_t k = 0; k < len; k += kBlock)
            std::memcpy(overlay_[(offset + k) / kBlock].data(), buf + k, kBlock);
        return true;
    }
    dirty_ = true;
    return pwrite_all(fd_, buf, len, offset);
}

void DiskImage::flush() {
    if (!dirty_) return;
    dirty_ = false;
    ::fdatasync(fd_);
}

} // namespace bw
