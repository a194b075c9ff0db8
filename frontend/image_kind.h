// Deciding what a bare IMAGE argument is: a floppy when its size is a standard PC floppy
// geometry, a CD-ROM when it is named *.iso, otherwise a hard disk.
#pragma once
#include <cstdint>
#include <string>

namespace bw::frontend {

enum class ImageKind { Floppy, HardDisk, CdRom };

// Classification by name and size alone (no file access), so it is easy to test.
ImageKind classify_image(const std::string& path, uint64_t size_bytes);

// Checks that `path` is a readable regular file. Returns an empty string when it is, else the
// one-line reason ("cannot open 'x.img': No such file or directory").
std::string check_readable(const std::string& path, uint64_t* size_out = nullptr);

} // namespace bw::frontend
