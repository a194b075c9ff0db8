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

} // namespace bw
