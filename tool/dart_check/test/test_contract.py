"""Tests of contract.py: the fixtures agree, and each kind of mismatch, made by
mutating a copy of them, is caught and named."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.dirname(HERE)
sys.path.insert(0, TOOL)
import contract  # noqa: E402 (the module sits one directory up)

FIXTURES = os.path.join(HERE, "fixtures")
REAL_HEADER = os.path.join(TOOL, "..", "..", "native", "include", "app_core.h")


class Fixture:
    """A copy of the fixtures that a test may edit."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="contract-")
        shutil.copytree(FIXTURES, self.dir, dirs_exist_ok=True)
        self.header = os.path.join(self.dir, "app_core.h")
        self.lib = os.path.join(self.dir, "lib")
        self.bindings = os.path.join(self.lib, "src", "bindings.g.dart")
        self.enum = os.path.join(self.lib, "src", "error_code.dart")

    def replace(self, path, old, new):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        if text.count(old) != 1:
            raise AssertionError(f"{old!r} occurs {text.count(old)} times in {path}")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text.replace(old, new))

    def check(self):
        mismatches, _ = contract.check(self.header, self.bindings, self.lib)
        return mismatches

    def remove(self):
        shutil.rmtree(self.dir)


class ContractTest(unittest.TestCase):
    def setUp(self):
        self.fixture = Fixture()
        self.addCleanup(self.fixture.remove)

    def assertCaught(self, *patterns):
        """Every pattern matches a mismatch line, and nothing else is reported."""
        mismatches = self.fixture.check()
        for pattern in patterns:
            self.assertTrue(any(re.search(pattern, line) for line in mismatches),
                            f"{pattern!r} not in {mismatches}")
        self.assertEqual(len(mismatches), len(patterns), mismatches)

    def test_fixtures_agree(self):
        mismatches, counts = contract.check(self.fixture.header, self.fixture.bindings, self.fixture.lib)
        self.assertEqual(mismatches, [])
        self.assertEqual(counts, (13, 1, 6, 5))

    def test_missing_binding(self):
        self.fixture.replace(self.fixture.bindings,
                             "@ffi.Native<ffi.Void Function()>()\nexternal void app_core_shutdown();\n", "")
        self.assertCaught(r"^app_core_shutdown: declared in the header, no @ffi.Native binding")

    def test_extra_binding(self):
        self.fixture.replace(self.fixture.bindings, "sealed class app_core_error_code {",
                             "@ffi.Native<ffi.Void Function()>()\nexternal void app_core_gone();\n\n"
                             "sealed class app_core_error_code {")
        self.assertCaught(r"^app_core_gone: bound by @ffi.Native in the bindings, but the header has no")

    def test_duplicate_binding(self):
        self.fixture.replace(self.fixture.bindings, "sealed class app_core_error_code {",
                             "@ffi.Native<ffi.Void Function()>(symbol: 'app_core_shutdown')\n"
                             "external void shutdown_again();\n\nsealed class app_core_error_code {")
        self.assertCaught(r"^app_core_shutdown: bound 2 times")

    def test_wrong_symbol(self):
        self.fixture.replace(self.fixture.bindings, "@ffi.Native<ffi.Void Function()>()\nexternal void app_core_shutdown",
                             "@ffi.Native<ffi.Void Function()>(symbol: 'app_core_shutdwn')\n"
                             "external void app_core_shutdown")
        self.assertCaught(r"^app_core_shutdwn: bound by @ffi.Native", r"^app_core_shutdown: declared in the header, no")

    def test_wrong_native_parameter_type(self):
        self.fixture.replace(self.fixture.bindings, "ffi.Int64 Function(ffi.Int64, ffi.Pointer<app_core_error>)",
                             "ffi.Int64 Function(ffi.Int32, ffi.Pointer<app_core_error>)")
        self.assertCaught(r"^app_core_fibonacci: parameter 1 native type: header int64_t -> ffi.Int64, bindings ffi.Int32$")

    def test_wrong_native_pointer_type(self):
        self.fixture.replace(self.fixture.bindings, "ffi.IntPtr Function(ffi.Pointer<ffi.Void>)",
                             "ffi.IntPtr Function(ffi.Pointer<ffi.Char>)")
        self.assertCaught(r"^app_core_init_dart_api: parameter 1 native type: header void \* -> "
                          r"ffi.Pointer<ffi.Void>, bindings ffi.Pointer<ffi.Char>$")

    def test_wrong_return_type(self):
        self.fixture.replace(self.fixture.bindings, "@ffi.Native<ffi.Int32 Function()>(isLeaf: true)",
                             "@ffi.Native<ffi.Int64 Function()>(isLeaf: true)")
        self.assertCaught(r"^app_core_abi_version: return native type: header int32_t -> ffi.Int32, bindings ffi.Int64$")

    def test_wrong_parameter_count(self):
        self.fixture.replace(self.fixture.bindings, "ffi.Int64 Function(ffi.Int64, ffi.Int64)>(isLeaf: true)\n"
                             "external int app_core_fibonacci_async(int n, int port);",
                             "ffi.Int64 Function(ffi.Int64)>(isLeaf: true)\n"
                             "external int app_core_fibonacci_async(int n);")
        self.assertCaught(r"^app_core_fibonacci_async: parameter count: header 2")

    def test_wrong_dart_return_type(self):
        self.fixture.replace(self.fixture.bindings, "external bool app_core_set_worker_count(int count);",
                             "external int app_core_set_worker_count(int count);")
        self.assertCaught(r"^app_core_set_worker_count: return Dart type: header bool -> bool, bindings int$")

    def test_wrong_dart_parameter_type(self):
        self.fixture.replace(self.fixture.bindings, "external int app_core_fibonacci_async(int n, int port);",
                             "external int app_core_fibonacci_async(int n, ffi.Pointer<ffi.Void> port);")
        self.assertCaught(r"^app_core_fibonacci_async: parameter 2 Dart type: header int64_t -> int, "
                          r"bindings ffi.Pointer<ffi.Void>$")

    def test_is_leaf_missing(self):
        self.fixture.replace(self.fixture.bindings, "@ffi.Native<ffi.Int32 Function()>(isLeaf: true)",
                             "@ffi.Native<ffi.Int32 Function()>()")
        self.assertCaught(r'^app_core_abi_version: leaf: the header comment says "Leaf", the bindings have no isLeaf: true$')

    def test_is_leaf_extra(self):
        self.fixture.replace(self.fixture.bindings, "@ffi.Native<ffi.Void Function()>()\nexternal void app_core_shutdown",
                             "@ffi.Native<ffi.Void Function()>(isLeaf: true)\nexternal void app_core_shutdown")
        self.assertCaught(r'^app_core_shutdown: leaf: the header comment does not say "Leaf", the bindings have isLeaf: true$')

    def test_leaf_is_read_from_the_functions_own_comment(self):
        # "Not leaf" is not "Leaf"; only the comment right above counts.
        self.fixture.replace(self.fixture.header, "/* Pass NativeApi.initializeApiDLData. Leaf. */",
                             "/* Pass NativeApi.initializeApiDLData. Leaf. */\n\n/* Not leaf. */")
        self.assertCaught(r'^app_core_init_dart_api: leaf: the header comment does not say "Leaf"')

    def test_struct_field_type(self):
        self.fixture.replace(self.fixture.bindings, "@ffi.Int32()\n  external int code;",
                             "@ffi.Int64()\n  external int code;")
        self.assertCaught(r"^app_core_error.code: header int32_t code -> @ffi.Int32\(\) int code, "
                          r"bindings @ffi.Int64\(\) int code$")

    def test_struct_pointer_field_type(self):
        self.fixture.replace(self.fixture.bindings, "external ffi.Pointer<ffi.Char> message;",
                             "external ffi.Pointer<ffi.Uint8> message;")
        self.assertCaught(r"^app_core_error.message: header char \* message -> ffi.Pointer<ffi.Char> message, "
                          r"bindings ffi.Pointer<ffi.Uint8> message$")

    def test_struct_field_missing(self):
        self.fixture.replace(self.fixture.header, "  char *message; /* NULL, or a library-allocated sentence */\n", "")
        self.assertCaught(r"^app_core_error: fields: header code, bindings code, message$")

    def test_constant_value(self):
        self.fixture.replace(self.fixture.bindings, "const int APP_CORE_MAX_WORKERS = 64;",
                             "const int APP_CORE_MAX_WORKERS = 65;")
        self.assertCaught(r"^APP_CORE_MAX_WORKERS: header 64, bindings 65$")

    def test_constant_missing(self):
        self.fixture.replace(self.fixture.bindings, "const int APP_CORE_ABI_VERSION = 2;\n", "")
        self.assertCaught(r"^APP_CORE_ABI_VERSION: #define APP_CORE_ABI_VERSION 2 in the header, no const int")

    def test_error_code_value(self):
        self.fixture.replace(self.fixture.bindings, "static const APP_CORE_CANCELLED = 8;",
                             "static const APP_CORE_CANCELLED = 9;")
        # AppCoreErrorCode refers to the bindings' constant, so it is wrong too.
        self.assertCaught(r"^app_core_error_code\[4\]: header APP_CORE_CANCELLED = 8, Dart APP_CORE_CANCELLED = 9$",
                          r"^AppCoreErrorCode\[4\]: header cancelled = 8, Dart cancelled = 9$")

    def test_error_code_as_dart_enum(self):
        # ffigen's default enum style is accepted as well as `as-int`.
        self.fixture.replace(self.fixture.bindings, """sealed class app_core_error_code {
  static const APP_CORE_OK = 0;
  static const APP_CORE_INVALID_ARGUMENT = 1;
  static const APP_CORE_INVALID_UTF8 = 2;
  static const APP_CORE_OVERFLOW = 3;
  static const APP_CORE_CANCELLED = 8;
}""", """enum app_core_error_code {
  APP_CORE_OK(0),
  APP_CORE_INVALID_ARGUMENT(1),
  APP_CORE_INVALID_UTF8(2),
  APP_CORE_OVERFLOW(3),
  APP_CORE_CANCELLED(7);

  final int value;
  const app_core_error_code(this.value);

  static app_core_error_code fromValue(int value) => switch (value) {
    0 => APP_CORE_OK,
    _ => throw ArgumentError('Unknown value for app_core_error_code: $value'),
  };
}""")
        self.assertCaught(r"^app_core_error_code\[4\]: header APP_CORE_CANCELLED = 8, Dart APP_CORE_CANCELLED = 7$",
                          r"^AppCoreErrorCode\[4\]: header cancelled = 8, Dart cancelled = 7$")

    def test_dart_enum_value(self):
        self.fixture.replace(self.fixture.enum, "cancelled(app_core_error_code.APP_CORE_CANCELLED);",
                             "cancelled(app_core_error_code.APP_CORE_OVERFLOW);")
        self.assertCaught(r"^AppCoreErrorCode\[4\]: header cancelled = 8, Dart cancelled = 3$")

    def test_dart_enum_literal_values(self):
        self.fixture.replace(self.fixture.enum, "cancelled(app_core_error_code.APP_CORE_CANCELLED);", "cancelled(8);")
        self.assertCaught()
        self.fixture.replace(self.fixture.enum, "cancelled(8);", "cancelled(9);")
        self.assertCaught(r"^AppCoreErrorCode\[4\]: header cancelled = 8, Dart cancelled = 9$")

    def test_dart_enum_prefixed_reference(self):
        self.fixture.replace(self.fixture.enum, "cancelled(app_core_error_code.APP_CORE_CANCELLED);",
                             "cancelled(native.app_core_error_code.APP_CORE_CANCELLED.value);")
        self.assertCaught()

    def test_dart_enum_unknown_reference(self):
        self.fixture.replace(self.fixture.enum, "cancelled(app_core_error_code.APP_CORE_CANCELLED);",
                             "cancelled(app_core_error_code.APP_CORE_CANCELED);")
        self.assertCaught(r"^AppCoreErrorCode: enum value 'cancelled\(app_core_error_code.APP_CORE_CANCELED\)' is not")

    def test_dart_enum_order(self):
        self.fixture.replace(self.fixture.enum, "  invalidArgument(app_core_error_code.APP_CORE_INVALID_ARGUMENT),\n"
                             "  invalidUtf8(app_core_error_code.APP_CORE_INVALID_UTF8),\n",
                             "  invalidUtf8(app_core_error_code.APP_CORE_INVALID_UTF8),\n"
                             "  invalidArgument(app_core_error_code.APP_CORE_INVALID_ARGUMENT),\n")
        self.assertCaught(r"^AppCoreErrorCode\[1\]: header invalidArgument = 1, Dart invalidUtf8 = 2$",
                          r"^AppCoreErrorCode\[2\]: header invalidUtf8 = 2, Dart invalidArgument = 1$")

    def test_dart_enum_missing(self):
        os.remove(self.fixture.enum)
        self.assertCaught(r"^AppCoreErrorCode: no `enum AppCoreErrorCode` in a .dart file under ")

    def add_hasher(self, dart_param="ffi.Pointer<ffi.Uint8>", opaque=True):
        """Adds an opaque struct and a function taking it and a `const uint8_t *`."""
        self.fixture.replace(self.fixture.header, "#endif /* APP_CORE_H */",
                             "/* Opaque. */\ntypedef struct app_core_hasher app_core_hasher;\n\n"
                             "/* Feeds bytes. Leaf. */\nAPP_CORE_API bool app_core_hasher_update(app_core_hasher *hasher, "
                             "const uint8_t *data, int64_t length);\n\n#endif /* APP_CORE_H */")
        self.fixture.replace(self.fixture.bindings, "sealed class app_core_error_code {",
                             "@ffi.Native<\n  ffi.Bool Function(ffi.Pointer<app_core_hasher>, ffi.Pointer<ffi.Uint8>, "
                             "ffi.Int64)\n>(isLeaf: true)\nexternal bool app_core_hasher_update(\n"
                             f"  ffi.Pointer<app_core_hasher> hasher,\n  {dart_param} data,\n  int length,\n);\n\n"
                             + ("final class app_core_hasher extends ffi.Opaque {}\n\n" if opaque else "")
                             + "sealed class app_core_error_code {")

    def test_opaque_struct_and_uint8_pointer_agree(self):
        self.add_hasher()
        self.assertCaught()

    def test_opaque_struct_missing(self):
        self.add_hasher(opaque=False)
        self.assertCaught(r"^app_core_hasher: opaque struct in the header, no `final class app_core_hasher extends "
                          r"ffi.Opaque \{\}`")

    def test_opaque_struct_extra(self):
        self.fixture.replace(self.fixture.bindings, "sealed class app_core_error_code {",
                             "final class app_core_gone extends ffi.Opaque {}\n\nsealed class app_core_error_code {")
        self.assertCaught(r"^app_core_gone: ffi.Opaque in the bindings, no opaque")

    def test_uint8_pointer_parameter_type(self):
        self.add_hasher(dart_param="ffi.Pointer<ffi.Char>")
        self.assertCaught(r"^app_core_hasher_update: parameter 2 Dart type: header const uint8_t \* -> "
                          r"ffi.Pointer<ffi.Uint8>, bindings ffi.Pointer<ffi.Char>$")

    def test_int64_c_constant(self):
        self.fixture.replace(self.fixture.header, "#define APP_CORE_MAX_WORKERS 64",
                             "#define APP_CORE_MAX_WORKERS 64\n#define APP_CORE_BIG INT64_C(1073741823)")
        self.fixture.replace(self.fixture.bindings, "const int APP_CORE_MAX_WORKERS = 64;",
                             "const int APP_CORE_MAX_WORKERS = 64;\n\nconst int APP_CORE_BIG = 1073741824;")
        self.assertCaught(r"^APP_CORE_BIG: header 1073741823, bindings 1073741824$")

    def test_address_type(self):
        self.fixture.replace(self.fixture.bindings,
                             "ffi.Pointer<ffi.NativeFunction<ffi.Void Function(ffi.Pointer<ffi.Char>)>>",
                             "ffi.Pointer<ffi.NativeFunction<ffi.Void Function(ffi.Pointer<ffi.Void>)>>")
        self.assertCaught(r"^addresses.app_core_string_free: type ffi.Pointer<ffi.NativeFunction<ffi.Void "
                          r"Function\(ffi.Pointer<ffi.Void>\)>>, the binding's native type gives ")

    def test_address_of_unbound_function(self):
        self.fixture.replace(self.fixture.bindings, "get app_core_string_free => ffi.Native.addressOf(self.app_core_string_free);",
                             "get app_core_string_free => ffi.Native.addressOf(self.app_core_gone);")
        self.assertCaught(r"^addresses.app_core_string_free: takes the address of app_core_gone, which is not a bound")

    def test_address_getter_not_read_is_reported(self):
        self.fixture.replace(self.fixture.bindings, "ffi.Native.addressOf(self.app_core_string_free)", "ffi.nullptr")
        self.assertCaught(r"addresses.app_core_string_free: not `ffi.Native.addressOf")

    def test_unknown_c_type_is_reported(self):
        self.fixture.replace(self.fixture.header, "APP_CORE_API int64_t app_core_fibonacci(int64_t n,",
                             "APP_CORE_API long app_core_fibonacci(int64_t n,")
        self.assertCaught(r"^app_core_fibonacci: C type 'long' has no mapping in contract.py$")

    def test_callback_taking_function_bound_as_leaf(self):
        self.fixture.replace(self.fixture.bindings, "    ffi.Pointer<app_core_error>,\n  )\n>()\nexternal int app_core_visit_words(",
                             "    ffi.Pointer<app_core_error>,\n  )\n>(isLeaf: true)\nexternal int app_core_visit_words(")
        self.assertCaught(r"^app_core_visit_words: takes a callback \(app_core_word_visitor\) but is bound with isLeaf: true")

    def test_callback_taking_function_said_leaf_in_the_header(self):
        self.fixture.replace(self.fixture.header, "Not leaf: it calls back.", "Leaf.")
        self.assertCaught(r"^app_core_visit_words: takes a callback \(app_core_word_visitor\) but its header comment says \"Leaf\"")

    def test_callback_typedef_missing(self):
        self.fixture.replace(self.fixture.bindings, "typedef app_core_word_visitor =\n", "typedef app_core_word_visitor_renamed =\n")
        self.assertCaught(r"^app_core_word_visitor: function-pointer typedef in the header; the bindings need")

    def test_callback_native_parameter_type(self):
        self.fixture.replace(self.fixture.bindings, "      ffi.Int64 length,\n", "      ffi.Int32 length,\n")
        self.assertCaught(r"^app_core_word_visitorFunction: header .* -> ffi\.Bool Function\(ffi\.Pointer<ffi\.Char>word,"
                          r"ffi\.Int64 length,ffi\.Pointer<ffi\.Void>user_data\), bindings .*ffi\.Int32 length")

    def test_callback_dart_return_type(self):
        self.fixture.replace(self.fixture.bindings, "    bool Function(\n", "    int Function(\n")
        self.assertCaught(r"^Dartapp_core_word_visitorFunction: header .* -> bool Function\(")

    def test_variadic_function_must_not_be_bound(self):
        self.fixture.replace(self.fixture.bindings, "/// Calls visitor for each word of text.",
                             "@ffi.Native<ffi.Void Function(ffi.Int32, ffi.Pointer<ffi.Char>)>()\n"
                             "external void app_core_log(int level, ffi.Pointer<ffi.Char> format);\n\n"
                             "/// Calls visitor for each word of text.")
        self.assertCaught(r"^app_core_log: variadic in the header, but bound by @ffi\.Native")

    def test_command_line(self):
        script = os.path.join(TOOL, "contract.py")
        args = [sys.executable, script, "--header", self.fixture.header, "--bindings", self.fixture.bindings,
                "--lib", self.fixture.lib]
        passed = subprocess.run(args, capture_output=True, text=True, check=False)
        self.assertEqual(passed.returncode, 0, passed.stdout + passed.stderr)
        self.assertEqual(passed.stdout, "contract: 13 functions, 1 struct, 6 constants, 5 error codes: OK\n")
        self.fixture.replace(self.fixture.bindings, "const int APP_CORE_ABI_VERSION = 2;", "const int APP_CORE_ABI_VERSION = 1;")
        failed = subprocess.run(args, capture_output=True, text=True, check=False)
        self.assertEqual(failed.returncode, 1)
        self.assertEqual(failed.stdout, "APP_CORE_ABI_VERSION: header 2, bindings 1\ncontract: 1 mismatches\n")


class RealHeaderTest(unittest.TestCase):
    def test_real_header_is_readable(self):
        # Whatever the bindings, contract.py must understand every declaration of the real header.
        with open(REAL_HEADER, encoding="utf-8") as handle:
            header = contract.read_header(handle.read())
        self.assertIn("app_core_abi_version", header["functions"])
        self.assertIn("APP_CORE_ABI_VERSION", header["constants"])
        self.assertEqual(header["errors"][0], ("OK", 0))
        self.assertEqual(header["error_enum"], "app_core_error_code")
        self.assertIn("app_core_error", header["structs"])
        # template:full-only-begin
        self.assertIsNone(header["structs"]["app_core_hasher"])
        self.assertEqual(header["constants"]["APP_CORE_SHA256_BYTES_LEAF_MAX"], 65536)
        # template:full-only-end
        for name, function in header["functions"].items():
            for c_type in [function["ret"], *function["params"]]:
                with self.subTest(function=name, c_type=c_type):
                    contract.c_native_type(c_type, header["structs"], header["callbacks"])


if __name__ == "__main__":
    unittest.main()
