#include "frontend/debugger_expr.h"
#include <cctype>
#include <sstream>
#include "frontend/debugger_regs.h"

namespace bw::frontend::dbg {
namespace {

// Recursive descent over: expr = term {(+|-) term}; term = unary {(*|/) unary};
// unary = -unary | (expr) | number | register.
class Parser {
public:
    Parser(Cpu& c, const std::string& t) : c_(c), t_(t) {}

    std::optional<uint32_t> run(std::string& error) {
        auto v = expr();
        skip_space();
        if (v && pos_ != t_.size()) fail("unexpected '" + t_.substr(pos_) + "'");
        if (!error_.empty()) {
            error = error_;
            return std::nullopt;
        }
        return v;
    }

private:
    void skip_space() {
        while (pos_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[pos_]))) ++pos_;
    }
    bool eat(char ch) {
        skip_space();
        if (pos_ < t_.size() && t_[pos_] == ch) { ++pos_; return true; }
        return false;
    }
    std::optional<uint32_t> fail(const std::string& why) {
        if (error_.empty()) error_ = why;
        return std::nullopt;
    }

    std::optional<uint32_t> expr() {
        auto v = term();
        while (v) {
            if (eat('+')) { auto r = term(); if (!r) return r; v = *v + *r; }
            else if (eat('-')) { auto r = term(); if (!r) return r; v = *v - *r; }
            else break;
        }
        return v;
    }
    std::optional<uint32_t> term() {
        auto v = unary();
        while (v) {
            if (eat('*')) { auto r = unary(); if (!r) return r; v = *v * *r; }
            else if (eat('/')) {
                auto r = unary();
                if (!r) return r;
                if (*r == 0) return fail("division by zero");
                v = *v / *r;
            } else break;
        }
        return v;
    }
    std::optional<uint32_t> unary() {
        if (eat('-')) { auto v = unary(); if (v) v = 0u - *v; return v; }
        if (eat('(')) {
            auto v = expr();
            if (v && !eat(')')) return fail("missing ')'");
            return v;
        }
        skip_space();
        size_t start = pos_;
        while (pos_ < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[pos_])) || t_[pos_] == '_')) ++pos_;
        std::string word = t_.substr(start, pos_ - start);
        if (word.empty()) return fail(pos_ < t_.size() ? "unexpected '" + t_.substr(pos_) + "'" : "missing value");
        if (std::isdigit(static_cast<unsigned char>(word[0]))) return number(word);
        if (auto r = register_value(c_, word)) return r;
        return fail("unknown register or symbol '" + word + "'");
    }
    std::optional<uint32_t> number(const std::string& w) {
        std::string digits = w;
        int base = 10;
        if (w.size() > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
            digits = w.substr(2);
            base = 16;
        } else if (w.size() > 1 && (w.back() == 'h' || w.back() == 'H')) {
            digits = w.substr(0, w.size() - 1);
            base = 16;
        }
        if (digits.empty()) return fail("bad number '" + w + "'");
        uint64_t v = 0;
        for (char ch : digits) {
            int d = std::isdigit(static_cast<unsigned char>(ch)) ? ch - '0'
                    : std::isxdigit(static_cast<unsigned char>(ch)) ? std::tolower(static_cast<unsigned char>(ch)) - 'a' + 10
                                                                     : 99;
            if (d >= base) return fail("bad number '" + w + "'");
            v = v * unsigned(base) + unsigned(d);
            if (v > 0xFFFFFFFFull) return fail("number '" + w + "' does not fit in 32 bits");
        }
        return uint32_t(v);
    }

    Cpu& c_;
    const std::string& t_;
    size_t pos_ = 0;
    std::string error_;
};

} // namespace

std::optional<uint32_t> evaluate(Cpu& c, const std::string& text, std::string& error) {
    return Parser(c, text).run(error);
}

std::optional<Address> parse_address(Cpu& c, const std::string& text, std::string& error) {
    // The segment separator is the first ':' outside parentheses.
    int depth = 0;
    size_t colon = std::string::npos;
    for (size_t k = 0; k < text.size() && colon == std::string::npos; ++k) {
        if (text[k] == '(') ++depth;
        else if (text[k] == ')') --depth;
        else if (text[k] == ':' && depth == 0) colon = k;
    }
    Address a;
    if (colon == std::string::npos) {
        auto v = evaluate(c, text, error);
        if (!v) return std::nullopt;
        a.offset = *v;
        return a;
    }
    auto seg = evaluate(c, text.substr(0, colon), error);
    if (!seg) return std::nullopt;
    if (*seg > 0xFFFF) {
        error = "segment '" + text.substr(0, colon) + "' is not a 16-bit selector";
        return std::nullopt;
    }
    auto off = evaluate(c, text.substr(colon + 1), error);
    if (!off) return std::nullopt;
    a.has_segment = true;
    a.segment = uint16_t(*seg);
    a.offset = *off;
    return a;
}

std::vector<std::string> split_words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

} // namespace bw::frontend::dbg
