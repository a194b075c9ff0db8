#include "frontend/screenshot.h"
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include "devices/machine.h"
#include "devices/vga.h"
#include "frontend/png_writer.h"

namespace bw::frontend {

bool grab_frame(Machine& m, std::vector<uint32_t>& rgb, unsigned& w, unsigned& h, std::string* error) {
    auto* vga = dynamic_cast<Vga*>(m.find_device("vga"));
    if (!vga) {
        if (error) *error = "this machine has no VGA";
        return false;
    }
    if (!vga->render(rgb, w, h) || !w || !h) {
        if (error) *error = "the VGA shows no picture (display timing not programmed)";
        return false;
    }
    return true;
}

bool save_screenshot(Machine& m, const std::string& path, std::string* error) {
    std::vector<uint32_t> rgb;
    unsigned w = 0, h = 0;
    if (!grab_frame(m, rgb, w, h, error)) return false;
    return write_png(path, rgb.data(), w, h, error);
}

std::string check_screenshot_path(const std::string& path) {
    if (path.empty()) return {};
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return "cannot open screenshot file '" + path + "' for writing: " + std::strerror(errno);
    std::fclose(f);
    return {};
}

std::string next_screenshot_name(const std::string& dir) {
    namespace fs = std::filesystem;
    for (unsigned n = 1;; ++n) {
        std::string name = "boxwood-" + std::to_string(n) + ".png";
        std::error_code ec;
        if (!fs::exists(fs::path(dir) / name, ec)) return dir == "." ? name : (fs::path(dir) / name).string();
    }
}

} // namespace bw::frontend
