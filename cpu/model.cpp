#include "cpu/model.h"

namespace bw {

namespace {
// The 8086 keeps FLAGS bits 12-15 set; the 286 clears them in real mode (SDM Vol. 3, 22.2).
const ModelTraits kModels[] = {
    {CpuModel::i8086, "8086", 20, 0, false, false, false, true, true, false, false, 0xF002, 0x0028},
    {CpuModel::i286, "286", 24, 10, true, true, true, false, false, false, true, 0x0002, 0xF028},
    {CpuModel::i386, "386", 32, 15, true, true, true, false, false, true, false, 0x0002, 0x8028},
    {CpuModel::i486, "486", 32, 15, true, true, true, false, false, true, false, 0x0002, 0x8028},
    {CpuModel::pentium, "pentium", 32, 15, true, true, true, false, false, true, false, 0x0002, 0x8028},
    {CpuModel::p6, "p6", 32, 15, true, true, true, false, false, true, false, 0x0002, 0x8028},
};
}

const ModelTraits& traits_of(CpuModel m) { return kModels[static_cast<unsigned>(m)]; }

std::optional<CpuModel> parse_cpu_model(std::string_view name) {
    for (const auto& t : kModels)
        if (name == t.name) return t.model;
    if (name == "8088") return CpuModel::i8086;
    if (name == "pentiumpro" || name == "ppro") return CpuModel::p6;
    return std::nullopt;
}

std::optional<CpuSpec> parse_cpu_spec(std::string_view text, std::string& error) {
    const size_t comma = text.find(',');
    const std::string_view name = text.substr(0, comma);
    auto m = parse_cpu_model(name);
    if (!m) {
        error = "unknown --cpu '" + std::string(name) + "': choose 8086, 286, 386, 486, pentium or p6";
        return std::nullopt;
    }
    CpuSpec spec;
    spec.model = *m;
    std::string_view rest = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (comma != std::string_view::npos) {
        const size_t next = rest.find(',');
        const std::string_view feature = rest.substr(0, next);
        if (feature == "+nx") {
            if (spec.model != CpuModel::p6) {
                error = "--cpu feature '+nx' needs the p6 model (execute-disable works only with PAE paging)";
                return std::nullopt;
            }
            spec.features.nx = true;
        } else if (feature == "-nx") {
            spec.features.nx = false;
        } else {
            error = "unknown --cpu feature '" + std::string(feature) + "': the one feature is +nx (or -nx)";
            return std::nullopt;
        }
        if (next == std::string_view::npos) break;
        rest = rest.substr(next + 1);
    }
    return spec;
}

} // namespace bw
