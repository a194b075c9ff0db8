#include "frontend/config_file.h"
#include <algorithm>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>
#include "frontend/options.h"

namespace bw::frontend {
namespace {

// The long options the command line sets, and whether it has a bare IMAGE. Walks argv as
// parse_options does, so a value that looks like an image is not taken for one.
std::set<std::string> cli_option_names(const std::vector<std::string>& args, bool& bare_image) {
    std::set<std::string> names;
    bare_image = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") { bare_image = bare_image || i + 1 < args.size(); break; }
        if (a.size() < 2 || a[0] != '-') { bare_image = true; continue; }
        auto eq = a.find('=');
        std::string name = a.substr(0, eq);
        names.insert(name);
        if (eq == std::string::npos && option_arity(name) == OptionArity::Value) ++i;
    }
    return names;
}

// A scalar as the command line would spell it.
bool scalar_text(const nlohmann::json& v, std::string& out) {
    if (v.is_string()) { out = v.get<std::string>(); return true; }
    if (v.is_number_integer() || v.is_number_unsigned()) { out = v.dump(); return true; }
    if (v.is_number_float()) { out = v.dump(); return true; }
    return false;
}

} // namespace

ConfigArgs load_config(const std::string& path, const std::vector<std::string>& cli_args,
                       const std::vector<std::string>& cli_drives) {
    ConfigArgs r;
    const std::string where = "config '" + path + "': ";
    std::ifstream f(path);
    if (!f) { r.error = "cannot open config '" + path + "'"; return r; }
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(f);
    } catch (const nlohmann::json::exception& e) {
        r.error = where + e.what();
        return r;
    }
    if (!doc.is_object()) { r.error = where + "expected a JSON object of options"; return r; }

    bool cli_image = false;
    std::set<std::string> cli_names = cli_option_names(cli_args, cli_image);
    std::vector<std::string> image;  // a bare image goes after the options
    for (const auto& [key, value] : doc.items()) {
        const std::string opt = "--" + key;
        if (key == "image") {
            std::string text;
            if (!scalar_text(value, text) || !value.is_string()) { r.error = where + "key 'image' needs a string"; return r; }
            if (!cli_image) image = {text};
            continue;
        }
        const OptionArity arity = option_arity(opt);
        if (arity == OptionArity::Unknown || key == "config" || key == "help" || key == "version" ||
            key.rfind('-', 0) == 0) {
            r.error = where + "unknown key '" + key + "'";
            return r;
        }
        // The command line wins, also over a drive it filled with a bare IMAGE.
        if (cli_names.count(opt) || std::find(cli_drives.begin(), cli_drives.end(), key) != cli_drives.end())
            continue;
        if (arity == OptionArity::Flag) {
            if (!value.is_boolean()) { r.error = where + "key '" + key + "' needs true or false"; return r; }
            if (value.get<bool>()) r.args.push_back(opt);
            continue;
        }
        // A list repeats the option (e.g. "fda-swap": ["b.img", "c.img"]).
        const nlohmann::json list = value.is_array() ? value : nlohmann::json::array({value});
        for (const auto& item : list) {
            std::string text;
            if (!scalar_text(item, text)) {
                r.error = where + "key '" + key + "' needs a string or a number";
                return r;
            }
            r.args.push_back(opt + "=" + text);
        }
    }
    r.args.insert(r.args.end(), image.begin(), image.end());
    return r;
}

ParseResult parse_with_config(const std::vector<std::string>& args) {
    ParseResult cli = parse_options(args);
    const Options& o = cli.options;
    if (!cli.error.empty() || o.config_path.empty() || o.help || o.version) return cli;
    std::vector<std::string> drives;
    const std::pair<const char*, const std::string*> kDrives[] = {
        {"fda", &o.fda}, {"fdb", &o.fdb}, {"hda", &o.hda}, {"hdb", &o.hdb}, {"cdrom", &o.cdrom}};
    for (const auto& [name, value] : kDrives)
        if (!value->empty()) drives.push_back(name);
    ConfigArgs cfg = load_config(o.config_path, args, drives);
    if (!cfg.error.empty()) {
        cli.error = cfg.error;
        return cli;
    }
    std::vector<std::string> all = cfg.args;
    all.insert(all.end(), args.begin(), args.end());
    ParseResult merged = parse_options(all);
    // The command line alone was fine, so a new complaint is about a value from the file.
    if (!merged.error.empty()) merged.error = "config '" + o.config_path + "': " + merged.error;
    return merged;
}

} // namespace bw::frontend
