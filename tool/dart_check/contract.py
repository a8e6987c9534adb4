#!/usr/bin/env python3
"""contract.py: checks that the Dart side agrees with the C header.

Compares native/include/app_core.h with the ffigen bindings (lib/src/bindings.g.dart)
and the hand-written enum AppCoreErrorCode under lib/:
  - every APP_CORE_API function has exactly one @ffi.Native binding of the same
    symbol, and no binding lacks a header function;
  - native types match parameter by parameter and for the return type, and the
    external function's Dart types match those native types;
  - isLeaf: true exactly where the function's own comment says "Leaf", and
    never on a function that takes a callback (a function-pointer typedef):
    a leaf call must not call back into Dart;
  - each function-pointer typedef (`typedef R (*name)(...)`) against ffigen's
    three typedefs: name = ffi.Pointer<ffi.NativeFunction<nameFunction>>,
    nameFunction (native types) and DartnameFunction (Dart types);
  - a variadic function (`...`, e.g. a printf-style log) has no binding:
    ffigen.yaml excludes it, since Dart has no use for C formatting;
  - structs field by field, opaque structs (`typedef struct x x;`) against
    `extends ffi.Opaque`; integer #defines (plain or INT64_C(...)-style)
    against ffigen's `const int`s;
  - each `addresses` getter (ffigen's symbol-address) names a bound function
    and has the type ffi.Pointer<ffi.NativeFunction<its native type>>;
  - the APP_CORE_ERROR_MAP codes against the bindings' enum (as-int or Dart
    enum) and against AppCoreErrorCode (lowerCamelCase names, same order).
The bindings parser accepts the shape ffigen 21 writes with `ffi-native` and
`dart format` applied (pkgs/ffigen/lib/src/code_generator/func.dart, utils.dart,
compound.dart, enum_class.dart); anything else it does not understand is a
mismatch, never skipped. Prints one line per mismatch and exits 1, or prints a
one-line summary and exits 0. Exit 2 if an input cannot be read.
"""
import argparse
import os
import re
import sys

# C type -> dart:ffi native type (without the ffi. prefix).
C_PRIMITIVES = {
    "int8_t": "Int8", "int16_t": "Int16", "int32_t": "Int32", "int64_t": "Int64",
    "uint8_t": "Uint8", "uint16_t": "Uint16", "uint32_t": "Uint32", "uint64_t": "Uint64",
    "intptr_t": "IntPtr", "uintptr_t": "UintPtr", "bool": "Bool", "void": "Void",
    "char": "Char", "float": "Float", "double": "Double",
}
# dart:ffi native type -> the Dart type an external function or field uses for it.
FFI_DART_TYPES = {
    "Int8": "int", "Int16": "int", "Int32": "int", "Int64": "int",
    "Uint8": "int", "Uint16": "int", "Uint32": "int", "Uint64": "int",
    "IntPtr": "int", "UintPtr": "int", "Char": "int", "Bool": "bool", "Void": "void",
    "Float": "double", "Double": "double",
}


class Unsupported(Exception):
    """A declaration this checker cannot read; reported as a mismatch."""


# ---- text helpers


def blank(match):
    """The matched text with everything but newlines turned into spaces (offsets stay put)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def strip_c_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", blank, text, flags=re.S)


def strip_dart_comments(text):
    """Comments become spaces; string literals (which may hold // or quotes) are kept."""
    token = re.compile(r"""r?'''.*?'''|r?\"\"\".*?\"\"\"|r?'(?:\\.|[^'\\\n])*'|r?"(?:\\.|[^"\\\n])*"|//[^\n]*|/\*.*?\*/""", re.S)
    return token.sub(lambda m: m.group(0) if m.group(0)[0] in "r'\"" else blank(m), text)


def closing(text, start):
    """Index of the bracket closing the one at text[start]. Only that kind of
    bracket counts, so `=>` or `a < b` in a body cannot confuse a `{` or `(`."""
    opening = text[start]
    close = {"<": ">", "(": ")", "{": "}", "[": "]"}[opening]
    depth = 0
    for i in range(start, len(text)):
        if text[i] == opening:
            depth += 1
        elif text[i] == close:
            depth -= 1
            if depth == 0:
                return i
    raise Unsupported(f"unclosed {opening!r} at offset {start}")


def split_top(text, sep=","):
    """Splits on `sep` outside brackets; drops empty parts (trailing commas)."""
    parts, depth, current = [], 0, ""
    for c in text:
        if c in "<({[":
            depth += 1
        elif c in ">)}]":
            depth -= 1
        if c == sep and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += c
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def norm(type_text):
    """One spelling per type: single spaces, none around brackets or commas, no trailing commas."""
    text = re.sub(r"\s*([<>(),])\s*", r"\1", " ".join(type_text.split()))
    return re.sub(r",([)>])", r"\1", text)


def lower_camel(name):
    """INVALID_ARGUMENT -> invalidArgument, IO -> io."""
    first, *rest = name.lower().split("_")
    return first + "".join(part.capitalize() for part in rest)


# ---- the header


def c_native_type(c_type, structs, callbacks=()):
    """`const char *` -> ffi.Pointer<ffi.Char>; a struct or function-pointer typedef name stays itself."""
    text = re.sub(r"\b(const|struct|enum)\b", " ", c_type)
    stars = text.count("*")
    base = " ".join(text.replace("*", " ").split())
    if base in C_PRIMITIVES:
        native = "ffi." + C_PRIMITIVES[base]
    elif base in structs or base in callbacks:
        native = base
    else:
        raise Unsupported(f"C type {c_type.strip()!r} has no mapping in contract.py")
    for _ in range(stars):
        native = f"ffi.Pointer<{native}>"
    return native


def dart_type_of(native):
    """The Dart type ffigen gives a native type: pointers and structs stay, numbers become int/bool/double."""
    if native.startswith("ffi.") and native[4:] in FFI_DART_TYPES:
        return FFI_DART_TYPES[native[4:]]
    return native


def c_param_type(param):
    """`const char *input` -> `const char *`; an unnamed parameter is all type."""
    match = re.match(r"^(.*[\s*])(\w+)$", param.strip(), re.S)
    if match and match.group(1).strip() and match.group(2) not in C_PRIMITIVES:
        return match.group(1).strip()
    return param.strip()


def c_param_name(param):
    """`const char *word` -> `word`; an unnamed parameter has no name ('')."""
    type_text = c_param_type(param)
    return param.strip()[len(type_text):].strip()


def own_comment(text, start):
    """The /* ... */ block that ends directly above offset `start` (no blank line between), or ''."""
    before = text[:start]
    stripped = before.rstrip()
    if not stripped.endswith("*/") or before[len(stripped):].count("\n") > 1:
        return ""
    return stripped[stripped.rfind("/*"):]


def says_leaf(comment):
    """The function's own comment calls it Leaf ("Leaf." / "Leaf (...)"), not "Not leaf"."""
    return re.search(r"(?<![Nn]ot )\bLeaf\b", comment) is not None


def read_header(text):
    code = strip_c_comments(text)
    # Preprocessor lines (with their continuations) are not declarations.
    declarations = re.sub(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", blank, code, flags=re.M)

    structs = {}
    for match in re.finditer(r"\btypedef\s+struct\s+(\w+)\s*\{([^}]*)\}\s*(\w+)\s*;", declarations):
        fields = [(c_param_type(f), re.search(r"(\w+)\s*$", f).group(1))
                  for f in match.group(2).split(";") if f.strip()]
        structs[match.group(3)] = fields
    # Opaque: `typedef struct name name;`, no body. None marks it: no fields to compare.
    for match in re.finditer(r"\btypedef\s+struct\s+(\w+)\s+(\w+)\s*;", declarations):
        structs[match.group(2)] = None

    # Function-pointer typedefs: `typedef R (*name)(params);`.
    callbacks = {}
    for match in re.finditer(r"\btypedef\s+([^;{}()]*?)\(\s*\*\s*(\w+)\s*\)\s*\(([^()]*)\)\s*;", declarations):
        params = match.group(3).strip()
        params = [] if params in ("", "void") else [p.strip() for p in params.split(",")]
        callbacks[match.group(2)] = {"ret": match.group(1).strip(), "params": [c_param_type(p) for p in params],
                                     "names": [c_param_name(p) for p in params]}

    functions = {}
    # An attribute macro may follow the parameters (`) APP_CORE_LOG_PRINTF;`).
    for match in re.finditer(r"\bAPP_CORE_API\s+([^;{}()]*?)\b(\w+)\s*\(([^()]*)\)\s*(?:[A-Z_][A-Z0-9_]*\s*)?;",
                             declarations):
        ret, name, params = match.group(1), match.group(2), match.group(3).strip()
        params = [] if params in ("", "void") else [p.strip() for p in params.split(",")]
        variadic = bool(params) and params[-1] == "..."
        params = [c_param_type(p) for p in (params[:-1] if variadic else params)]
        functions[name] = {"ret": ret.strip(), "params": params, "variadic": variadic,
                           "leaf": says_leaf(own_comment(text, match.start()))}

    constants = {}
    # A plain integer, or one in <stdint.h>'s INT64_C(...) family, which ffigen evaluates to its value.
    for match in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(APP_CORE_\w+)[ \t]+(?:U?INT(?:8|16|32|64|MAX)_C)?"
                             r"\(?(-?(?:0x[0-9a-fA-F]+|\d+))[uUlL]*\)?[ \t]*$", code, re.M):
        constants[match.group(1)] = int(match.group(2), 0)

    error_map = re.search(r"#[ \t]*define[ \t]+APP_CORE_ERROR_MAP\(X\)((?:[^\n]*\\\n)*[^\n]*)", code)
    entries = error_map.group(1) if error_map else ""
    errors = [(m.group(1), int(m.group(2))) for m in re.finditer(r"\bX\(\s*(\w+)\s*,\s*(-?\d+)\s*,", entries)]
    enum_name = re.search(r"typedef\s+enum\s+\w*\s*\{.*?\}\s*(\w+)\s*;", declarations, re.S)
    return {"structs": structs, "functions": functions, "callbacks": callbacks, "constants": constants,
            "errors": errors,
            "error_enum": enum_name.group(1) if enum_name else None}


# ---- the bindings


def read_natives(code):
    """Every `@ffi.Native<...>(...) external ...;` function: its Dart name, symbol,
    isLeaf, and native and Dart return and parameter types (normalised)."""
    natives = []
    for match in re.finditer(r"@ffi\.Native<", code):
        at = match.start()
        try:
            type_end = closing(code, match.end() - 1)
            native_type = code[match.end():type_end]
            args_match = re.compile(r"\s*\(").match(code, type_end + 1)
            if not args_match:
                raise Unsupported("no argument list after @ffi.Native<...>")
            args_end = closing(code, args_match.end() - 1)
            args = code[args_match.end():args_end]
            rest = re.compile(r"\s*external\s+").match(code, args_end + 1)
            if not rest:
                raise Unsupported("no `external` declaration after the annotation")
            end = code.index(";", rest.end())
            declaration = code[rest.end():end]
            function = re.search(r"\bFunction\(", native_type)
            paren = declaration.find("(")
            if not function or paren < 0:
                raise Unsupported("a native variable, not a function (the header exports functions only)")
            native_params = native_type[function.end():closing(native_type, function.end() - 1)]
            head = declaration[:paren].split()
            dart_params = declaration[paren + 1:closing(declaration, paren)]
        except (Unsupported, ValueError) as error:
            name = re.search(r"external\s+[^;(]*?(\w+)\s*[(;]", code[at:])
            raise Unsupported(f"{name.group(1) if name else 'offset ' + str(at)}: cannot read its @ffi.Native binding: {error}")
        symbol = re.search(r"\bsymbol:\s*'([^']*)'", args)  # ffigen writes it when the Dart name differs
        natives.append({
            "symbol": symbol.group(1) if symbol else head[-1],
            "leaf": re.search(r"\bisLeaf:\s*true\b", args) is not None,
            "native_ret": norm(native_type[:function.start()]),
            "native_params": [norm(p) for p in split_top(native_params)],
            "dart_ret": norm(" ".join(head[:-1])),
            "dart_params": [norm(p.rsplit(None, 1)[0]) for p in split_top(dart_params)],
        })
    return natives


def class_body(code, pattern):
    """Body text of the first declaration matching `pattern` (which ends at its `{`), or None."""
    match = re.search(pattern, code)
    return code[match.end():closing(code, match.end() - 1)] if match else None


def read_bindings(text, error_enum):
    code = strip_dart_comments(text)
    structs = {}
    for match in re.finditer(r"\bfinal\s+class\s+(\w+)\s+extends\s+ffi\.Struct\s*\{", code):
        body = code[match.end():closing(code, match.end() - 1)]
        structs[match.group(1)] = [
            (m.group(1) or "", norm(m.group(2)), m.group(3))
            for m in re.finditer(r"(@ffi\.\w+\(\))?\s*external\s+([^;]+?)\s+(\w+)\s*;", body)]
    opaques = set(re.findall(r"\bfinal\s+class\s+(\w+)\s+extends\s+ffi\.Opaque\s*\{\s*\}", code))
    constants = {m.group(1): int(m.group(2), 0)
                 for m in re.finditer(r"^const\s+int\s+(\w+)\s*=\s*(-?(?:0x[0-9a-fA-F]+|\d+))\s*;", code, re.M)}
    errors = None
    if error_enum:
        as_int = class_body(code, rf"\bsealed\s+class\s+{error_enum}\s*\{{")
        as_enum = class_body(code, rf"\benum\s+{error_enum}\s*\{{")
        if as_int is not None:
            errors = [(m.group(1), int(m.group(2)))
                      for m in re.finditer(r"static\s+const\s+(\w+)\s*=\s*(-?\d+)\s*;", as_int)]
        elif as_enum is not None:
            errors = enum_values(as_enum)
    typedefs = {m.group(1): norm(m.group(2)) for m in re.finditer(r"^typedef\s+(\w+)\s*=\s*([^;]+);", code, re.M)}
    return {"natives": read_natives(code), "structs": structs, "opaques": opaques, "constants": constants,
            "errors": errors, "addresses": read_addresses(code), "typedefs": typedefs}


def read_addresses(code):
    """[(getter, function, normalised type)] of ffigen's `_SymbolAddresses` class
    (`<type> get NAME => ffi.Native.addressOf(self.NAME);`), or [] without one."""
    body = class_body(code, r"\bclass\s+_SymbolAddresses\s*\{")
    if body is None:
        return []
    found = []
    for match in re.finditer(r"([^;{}]*?)\bget\s+(\w+)\s*=>\s*([^;]*);", body):
        target = re.fullmatch(r"ffi\.Native\.addressOf\(\s*\w+\.(\w+)\s*\)", match.group(3).strip())
        if not target:
            raise Unsupported(f"addresses.{match.group(2)}: not `ffi.Native.addressOf(<prefix>.<function>)`")
        type_text = re.sub(r"^\s*(?:const\s+)?_SymbolAddresses\s*\(\s*\)\s*;", "", match.group(1))
        found.append((match.group(2), target.group(1), norm(type_text)))
    return found


def enum_values(body, named=None):
    """[(name, value)] of a Dart enum body: the values before its first `;`. A
    value's first argument is an int literal or, when `named` maps the bindings'
    error-code constants, a reference to one (`app_core_error_code.APP_CORE_OK`,
    optionally behind an import prefix or followed by `.value`)."""
    values = split_top(body, ";")[0] if body.strip() else ""
    found = []
    for value in split_top(values):
        match = re.fullmatch(r"(?:@\w+(?:\([^)]*\))?\s+)*(\w+)\s*\(\s*([\w.-]+)\s*(?:,[^)]*)?\)", value.strip(), re.S)
        argument = match.group(2) if match else ""
        # [prefix.]enum.MEMBER[.value]: the member is the last name but `value`.
        parts = argument.split(".")[:-1] if argument.endswith(".value") else argument.split(".")
        if re.fullmatch(r"-?\d+", argument):
            found.append((match.group(1), int(argument)))
        elif named and len(parts) in (2, 3) and parts[-1] in named:
            found.append((match.group(1), named[parts[-1]]))
        else:
            raise Unsupported(f"enum value {' '.join(value.split())!r} is not NAME(int) or NAME(<error-code constant>)")
    return found


def find_dart_enum(lib_dir, name, skip, named):
    """(path, values) of `enum <name>` in a .dart file under lib_dir, or None."""
    for directory, _, files in sorted(os.walk(lib_dir)):
        for file in sorted(files):
            path = os.path.join(directory, file)
            if not file.endswith(".dart") or os.path.abspath(path) == os.path.abspath(skip):
                continue
            with open(path, encoding="utf-8") as handle:
                body = class_body(strip_dart_comments(handle.read()), rf"\benum\s+{name}\s*\{{")
            if body is not None:
                return path, enum_values(body, named)
    return None


# ---- the comparison


def compare_functions(header, natives, out):
    by_symbol = {}
    for native in natives:
        by_symbol.setdefault(native["symbol"], []).append(native)
    for symbol, bound in sorted(by_symbol.items()):
        if symbol not in header["functions"]:
            out.append(f"{symbol}: bound by @ffi.Native in the bindings, but the header has no APP_CORE_API function {symbol}")
        elif len(bound) > 1:
            out.append(f"{symbol}: bound {len(bound)} times in the bindings, header declares it once")
    callbacks = header["callbacks"]
    for symbol, function in header["functions"].items():
        takes = [p for p in function["params"] if p.strip() in callbacks]
        if takes and function["leaf"]:
            out.append(f"{symbol}: takes a callback ({', '.join(takes)}) but its header comment says \"Leaf\": "
                       f"a leaf call must never call back into Dart")
        if function["variadic"]:
            if symbol in by_symbol:
                out.append(f"{symbol}: variadic in the header, but bound by @ffi.Native: exclude it in ffigen.yaml")
            continue
        if symbol not in by_symbol:
            out.append(f"{symbol}: declared in the header, no @ffi.Native binding in the bindings")
            continue
        native = by_symbol[symbol][0]
        if takes and native["leaf"]:
            out.append(f"{symbol}: takes a callback ({', '.join(takes)}) but is bound with isLeaf: true: "
                       f"a leaf call must never call back into Dart")
        try:
            want_ret = c_native_type(function["ret"], header["structs"], callbacks)
            want_params = [c_native_type(p, header["structs"], callbacks) for p in function["params"]]
        except Unsupported as error:
            out.append(f"{symbol}: {error}")
            continue
        if native["native_ret"] != want_ret:
            out.append(f"{symbol}: return native type: header {function['ret']} -> {want_ret}, bindings {native['native_ret']}")
        if native["dart_ret"] != dart_type_of(want_ret):
            out.append(f"{symbol}: return Dart type: header {function['ret']} -> {dart_type_of(want_ret)}, bindings {native['dart_ret']}")
        if len(native["native_params"]) != len(want_params) or len(native["dart_params"]) != len(want_params):
            out.append(f"{symbol}: parameter count: header {len(want_params)} ({', '.join(function['params']) or 'void'}), "
                       f"bindings {len(native['native_params'])} native, {len(native['dart_params'])} Dart")
            continue
        for index, (c_type, want) in enumerate(zip(function["params"], want_params), 1):
            if native["native_params"][index - 1] != want:
                out.append(f"{symbol}: parameter {index} native type: header {c_type} -> {want}, "
                           f"bindings {native['native_params'][index - 1]}")
            if native["dart_params"][index - 1] != dart_type_of(want):
                out.append(f"{symbol}: parameter {index} Dart type: header {c_type} -> {dart_type_of(want)}, "
                           f"bindings {native['dart_params'][index - 1]}")
        if function["leaf"] != native["leaf"] and not takes:
            said = 'says "Leaf"' if function["leaf"] else 'does not say "Leaf"'
            has = "isLeaf: true" if native["leaf"] else "no isLeaf: true"
            out.append(f"{symbol}: leaf: the header comment {said}, the bindings have {has}")


def compare_structs(header, bindings, out):
    for name in sorted(set(bindings["structs"]) - set(header["structs"])):
        out.append(f"{name}: ffi.Struct in the bindings, no such struct in the header")
    for name in sorted(bindings["opaques"] - {n for n, f in header["structs"].items() if f is None}):
        out.append(f"{name}: ffi.Opaque in the bindings, no opaque `typedef struct {name} {name};` in the header")
    for name, fields in header["structs"].items():
        if fields is None:
            if name not in bindings["opaques"]:
                out.append(f"{name}: opaque struct in the header, no `final class {name} extends ffi.Opaque {{}}` "
                           f"in the bindings")
            continue
        bound = bindings["structs"].get(name)
        if bound is None:
            out.append(f"{name}: struct in the header, no `final class {name} extends ffi.Struct` in the bindings")
            continue
        if [f[1] for f in fields] != [f[2] for f in bound]:
            out.append(f"{name}: fields: header {', '.join(f[1] for f in fields)}, bindings {', '.join(f[2] for f in bound)}")
            continue
        for (c_type, field), (annotation, dart_type, _) in zip(fields, bound):
            try:
                native = c_native_type(c_type, header["structs"], header["callbacks"])
            except Unsupported as error:
                out.append(f"{name}.{field}: {error}")
                continue
            # Numbers carry their native type in an annotation; pointers and structs in their type.
            want = (f"@{native}()", dart_type_of(native)) if dart_type_of(native) != native else ("", native)
            if (annotation, dart_type) != want:
                out.append(f"{name}.{field}: header {c_type} {field} -> {' '.join(filter(None, want))} {field}, "
                           f"bindings {' '.join(filter(None, (annotation, dart_type)))} {field}")


def compare_callbacks(header, bindings, out):
    """Each function-pointer typedef against ffigen's three Dart typedefs."""
    typedefs = bindings["typedefs"]
    for name, callback in header["callbacks"].items():
        pointer = typedefs.get(name)
        want_pointer = f"ffi.Pointer<ffi.NativeFunction<{name}Function>>"
        if pointer != want_pointer:
            out.append(f"{name}: function-pointer typedef in the header; the bindings need "
                       f"`typedef {name} = {want_pointer};`, have {pointer or 'none'}")
            continue
        try:
            ret = c_native_type(callback["ret"], header["structs"], header["callbacks"])
            params = [c_native_type(p, header["structs"], header["callbacks"]) for p in callback["params"]]
        except Unsupported as error:
            out.append(f"{name}: {error}")
            continue
        names = [n or f"arg{i}" for i, n in enumerate(callback["names"])]
        want_native = norm(f"{ret} Function({', '.join(f'{t} {n}' for t, n in zip(params, names))})")
        want_dart = norm(f"{dart_type_of(ret)} Function("
                         f"{', '.join(f'{dart_type_of(t)} {n}' for t, n in zip(params, names))})")
        for typedef, want in ((f"{name}Function", want_native), (f"Dart{name}Function", want_dart)):
            if typedefs.get(typedef) != want:
                out.append(f"{typedef}: header {callback['ret']} (*{name})({', '.join(callback['params'])}) -> "
                           f"{want}, bindings {typedefs.get(typedef) or 'none'}")


def compare_constants(header, bindings, out):
    for name in sorted(set(header["constants"]) | set(bindings["constants"])):
        want, have = header["constants"].get(name), bindings["constants"].get(name)
        if want is None:
            out.append(f"{name}: const int {name} = {have} in the bindings, no such #define in the header")
        elif have is None:
            out.append(f"{name}: #define {name} {want} in the header, no const int {name} in the bindings")
        elif want != have:
            out.append(f"{name}: header {want}, bindings {have}")


def compare_addresses(bindings, out):
    """Each addresses getter is named after a bound function and typed with its native signature."""
    natives = {native["symbol"]: native for native in bindings["natives"]}
    for getter, function, type_text in bindings["addresses"]:
        native = natives.get(function)
        if getter != function or native is None:
            out.append(f"addresses.{getter}: takes the address of {function}, which is not a bound function "
                       f"of the same name")
            continue
        signature = f"{native['native_ret']} Function({','.join(native['native_params'])})"
        want = norm(f"ffi.Pointer<ffi.NativeFunction<{signature}>>")
        if type_text != want:
            out.append(f"addresses.{getter}: type {type_text}, the binding's native type gives {want}")


def compare_codes(label, want, have, out):
    """Both lists of (name, value) must be equal, in order."""
    def show(codes, index):
        return f"{codes[index][0]} = {codes[index][1]}" if index < len(codes) else "nothing"

    for index in range(max(len(want), len(have))):
        if want[index:index + 1] != have[index:index + 1]:
            out.append(f"{label}[{index}]: header {show(want, index)}, Dart {show(have, index)}")


def check(header_path, bindings_path, lib_dir):
    """(mismatches, summary counts)."""
    with open(header_path, encoding="utf-8") as handle:
        header = read_header(handle.read())
    with open(bindings_path, encoding="utf-8") as handle:
        bindings_text = handle.read()
    out = []
    try:
        bindings = read_bindings(bindings_text, header["error_enum"])
    except Unsupported as error:
        return [f"{bindings_path}: {error}"], None
    compare_functions(header, bindings["natives"], out)
    compare_structs(header, bindings, out)
    compare_callbacks(header, bindings, out)
    compare_constants(header, bindings, out)
    compare_addresses(bindings, out)

    prefixed = [(f"APP_CORE_{name}", value) for name, value in header["errors"]]
    if not header["errors"]:
        out.append(f"APP_CORE_ERROR_MAP: no X(NAME, value, ...) entries found in {header_path}")
    if bindings["errors"] is None:
        out.append(f"{header['error_enum']}: no `sealed class` or `enum {header['error_enum']}` in the bindings")
    else:
        compare_codes(header["error_enum"], prefixed, bindings["errors"], out)
    try:
        dart_enum = find_dart_enum(lib_dir, "AppCoreErrorCode", bindings_path, dict(bindings["errors"] or []))
        if dart_enum is None:
            out.append(f"AppCoreErrorCode: no `enum AppCoreErrorCode` in a .dart file under {lib_dir}")
        else:
            camel = [(lower_camel(name), value) for name, value in header["errors"]]
            compare_codes("AppCoreErrorCode", camel, dart_enum[1], out)
    except Unsupported as error:
        out.append(f"AppCoreErrorCode: {error}")
    counts = (len(header["functions"]), len(header["structs"]), len(header["constants"]), len(header["errors"]))
    return out, counts


def main():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--header", default=os.path.join(root, "native", "include", "app_core.h"))
    parser.add_argument("--bindings", default=os.path.join(root, "lib", "src", "bindings.g.dart"))
    parser.add_argument("--lib", default=os.path.join(root, "lib"), help="where to look for enum AppCoreErrorCode")
    args = parser.parse_args()
    try:
        mismatches, counts = check(args.header, args.bindings, args.lib)
    except OSError as error:
        print(f"contract: {error}", file=sys.stderr)
        return 2
    for line in mismatches:
        print(line)
    if mismatches:
        print(f"contract: {len(mismatches)} mismatches")
        return 1
    functions, structs, constants, codes = counts
    print(f"contract: {functions} functions, {structs} struct{'s' * (structs != 1)}, "
          f"{constants} constants, {codes} error codes: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
