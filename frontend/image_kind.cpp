#include "frontend/image_kind.h"
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

namespace bw::frontend {

ImageKind classify_image(const std::string& path, uint64_t size_bytes) {
    std::string lower = path;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (lower.size() >= 4 && lower.compare(lower.size() - 4, 4, ".iso") == 0) return ImageKind::CdRom;
    // 160K, 180K, 320K, 360K (5.25" DD), 720K, 1.2M, 1.44M, 2.88M: the geometries a PC BIOS knows.
    static constexpr uint64_t kFloppySizes[] = {163840, 184320, 327680, 368640, 737280, 1228800, 1474560, 2949120};
    for (uint64_t s : kFloppySizes)
        if (size_bytes == s) return ImageKind::Floppy;
    return ImageKind::HardDisk;
}

std::string check_readable(const std::string& path, uint64_t* size_out) {
    // open() rather than stat() so that permission problems are reported here, with errno's words,
    // instead of later by a device model in a less helpful way.
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return "cannot open '" + path + "': " + std::strerror(errno);
    struct stat st {};
    int rc = ::fstat(fd, &st);
    int err = errno;
    ::close(fd);
    if (rc != 0) return "cannot open '" + path + "': " + std::strerror(err);
    if (S_ISDIR(st.st_mode)) return "cannot open '" + path + "': Is a directory";
    if (size_out) *size_out = uint64_t(st.st_size);
    return {};
}

} // namespace bw::frontend
