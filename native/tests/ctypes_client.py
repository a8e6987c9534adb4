#!/usr/bin/env python3
"""ctypes_client.py: the synchronous API as an external client of the shared library sees it.

Usage: ctypes_client.py <path to libapp_core.so>. Standard library only. Every
returned string is freed with app_core_string_free and every error message with
app_core_error_clear, as app_core.h requires of a client.
"""
import ctypes
import sys
import traceback

ABI_VERSION = 2
CODES = {"OK": 0, "INVALID_ARGUMENT": 1, "INVALID_UTF8": 2, "OVERFLOW": 3, "DIVISION_BY_ZERO": 4,
         "OUT_OF_MEMORY": 5, "NOT_INITIALIZED": 6, "IO": 7, "CANCELLED": 8}


class Error(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int32), ("message", ctypes.c_void_p)]  # void*: we free it, not Python


def load(path):
    lib = ctypes.CDLL(path)
    error_p = ctypes.POINTER(Error)
    signatures = {
        "app_core_abi_version": (ctypes.c_int32, []),
        "app_core_error_clear": (None, [error_p]),
        "app_core_error_name": (ctypes.c_char_p, [ctypes.c_int32]),  # static: never freed
        "app_core_string_free": (None, [ctypes.c_void_p]),
        # template:full-only-begin
        "app_core_sum": (ctypes.c_int32, [ctypes.c_int32, ctypes.c_int32]),
        # template:full-only-end
        "app_core_reverse_string": (ctypes.c_void_p, [ctypes.c_char_p, error_p]),
        # template:full-only-begin
        "app_core_divide": (ctypes.c_int32, [ctypes.c_int32, ctypes.c_int32, error_p]),
        # template:full-only-end
        "app_core_fibonacci": (ctypes.c_int64, [ctypes.c_int64, error_p]),
        # template:full-only-begin
        "app_core_heavy_computation": (ctypes.c_uint64, [ctypes.c_uint64]),
        # template:full-only-end
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


class Client:
    def __init__(self, lib):
        self.lib = lib

    def take_error(self, error):
        """(code, message) from the struct, then app_core_error_clear, which must reset it."""
        message = ctypes.string_at(error.message).decode("utf-8") if error.message else None
        code = error.code
        self.lib.app_core_error_clear(ctypes.byref(error))
        check(error.code == 0 and not error.message, "app_core_error_clear resets the struct")
        return code, message

    def reverse(self, data):
        """(bytes or None, code, message) for reverse_string(data)."""
        error = Error()
        pointer = self.lib.app_core_reverse_string(data, ctypes.byref(error))
        result = None
        if pointer is not None:
            result = ctypes.string_at(pointer)
            self.lib.app_core_string_free(pointer)
        code, message = self.take_error(error)
        return result, code, message

    # template:full-only-begin
    def divide(self, a, b):
        error = Error()
        value = self.lib.app_core_divide(a, b, ctypes.byref(error))
        return (value,) + self.take_error(error)

    # template:full-only-end
    def fibonacci(self, n):
        error = Error()
        value = self.lib.app_core_fibonacci(n, ctypes.byref(error))
        return (value,) + self.take_error(error)


class CheckFailed(Exception):
    pass


def check(condition, what):
    if not condition:
        raise CheckFailed(what)


def check_equal(actual, expected, what):
    if actual != expected:
        raise CheckFailed(f"{what}: got {actual!r}, expected {expected!r}")


def test_abi_version(c):
    check_equal(c.lib.app_core_abi_version(), ABI_VERSION, "abi version")


# template:full-only-begin
def test_sum_wraps(c):
    check_equal(c.lib.app_core_sum(2, 3), 5, "sum(2, 3)")
    check_equal(c.lib.app_core_sum(2**31 - 1, 1), -2**31, "sum(INT32_MAX, 1)")
    check_equal(c.lib.app_core_sum(-2**31, -1), 2**31 - 1, "sum(INT32_MIN, -1)")


# template:full-only-end
def test_reverse_unicode(c):
    for text in ["hello", "héllo👋", "a€😀é", "x" * 1000 + "ü"]:
        result, code, message = c.reverse(text.encode("utf-8"))
        check_equal((code, message), (0, None), f"reverse({text[:10]!r}) succeeds")
        check_equal(result.decode("utf-8"), text[::-1], f"reverse({text[:10]!r})")


def test_reverse_empty(c):
    check_equal(c.reverse(b""), (b"", 0, None), "reverse('') is a new empty string")


def test_reverse_null(c):
    result, code, message = c.reverse(None)
    check(result is None, "reverse(NULL) returns NULL")
    check_equal(code, CODES["INVALID_ARGUMENT"], "reverse(NULL) code")
    check(message and "NULL" in message, f"reverse(NULL) message names the problem: {message!r}")


def test_reverse_invalid_utf8(c):
    cases = [(b"\xc0\x80", 0, "overlong"), (b"ab\xed\xa0\x80", 2, "surrogate"), (b"abc\xe2\x82", 3, "truncated"),
             (b"\x80", 0, "continuation"), (b"0123456789\xff", 10, "never valid"),
             (b"\xf4\x90\x80\x80", 0, "above U+10FFFF")]
    for data, offset, reason in cases:
        result, code, message = c.reverse(data)
        check(result is None, f"reverse({data!r}) returns NULL")
        check_equal(code, CODES["INVALID_UTF8"], f"reverse({data!r}) code")
        check(message and f"byte offset {offset}" in message and reason in message,
              f"reverse({data!r}) message names offset {offset} and {reason!r}: {message!r}")


# template:full-only-begin
def test_divide(c):
    check_equal(c.divide(7, 2), (3, 0, None), "divide(7, 2)")
    check_equal(c.divide(-7, 2), (-3, 0, None), "divide(-7, 2) truncates toward zero")
    value, code, message = c.divide(7, 0)
    check_equal((value, code), (0, CODES["DIVISION_BY_ZERO"]), "divide(7, 0)")
    check(message and "7" in message and "0" in message, f"divide(7, 0) message: {message!r}")
    value, code, message = c.divide(-2**31, -1)
    check_equal((value, code), (0, CODES["OVERFLOW"]), "divide(INT32_MIN, -1)")
    check(message and "-2147483648" in message and "-1" in message, f"overflow message: {message!r}")


# template:full-only-end
def test_fibonacci(c):
    for n, expected in [(0, 0), (1, 1), (2, 1), (10, 55), (25, 75025)]:
        check_equal(c.fibonacci(n), (expected, 0, None), f"fibonacci({n})")
    value, code, message = c.fibonacci(93)
    check_equal((value, code), (0, CODES["OVERFLOW"]), "fibonacci(93)")
    check(message and "93" in message and "64-bit" in message, f"fibonacci(93) message: {message!r}")
    value, code, message = c.fibonacci(-1)
    check_equal((value, code), (0, CODES["INVALID_ARGUMENT"]), "fibonacci(-1)")
    check(message and "fibonacci(-1)" in message, f"fibonacci(-1) message: {message!r}")
    value, code, _ = c.fibonacci(2**32 + 5)  # a 32-bit parameter would have read fib(5)
    check_equal((value, code), (0, CODES["OVERFLOW"]), "fibonacci(2**32 + 5)")


# template:full-only-begin
def test_heavy_computation(c):
    for n in [0, 1, 2, 10, 12345]:
        check_equal(c.lib.app_core_heavy_computation(n), sum(i * i for i in range(n)) % 2**64,
                    f"heavy_computation({n})")


# template:full-only-end
def test_error_name(c):
    for name, code in CODES.items():
        check_equal(c.lib.app_core_error_name(code), name.encode(), f"error_name({code})")
    for code in [-1, 9, 2**31 - 1]:
        check_equal(c.lib.app_core_error_name(code), b"UNKNOWN", f"error_name({code})")


def test_free_functions_accept_null(c):
    c.lib.app_core_string_free(None)
    c.lib.app_core_error_clear(None)


def test_error_struct_reuse(c):
    error = Error()
    c.lib.app_core_fibonacci(-1, ctypes.byref(error))
    c.lib.app_core_fibonacci(93, ctypes.byref(error))  # releases the first message itself
    check_equal(c.lib.app_core_fibonacci(10, ctypes.byref(error)), 55, "fibonacci(10) after failures")
    check(error.code == 0 and not error.message, "a successful call resets the struct to OK/NULL")


def main():
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} <path to libapp_core>", file=sys.stderr)
        return 2
    client = Client(load(sys.argv[1]))
    tests = [(name, f) for name, f in globals().items() if name.startswith("test_") and callable(f)]
    failed = 0
    for name, test in tests:
        try:
            test(client)
            print(f"ok {name}")
        except Exception:  # report every failure, including ctypes errors, then go on
            failed += 1
            print(f"FAIL {name}\n{traceback.format_exc()}")
    print(f"{len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
