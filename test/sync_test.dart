import 'package:app_core/app_core.dart';
import 'package:app_core/src/bindings.g.dart';
import 'package:ffi/ffi.dart';
import 'package:test/test.dart';
// template:full-only-begin

import 'matchers.dart';
// template:full-only-end

void main() {
  // template:full-only-begin
  group('sum', () {
    test('adds', () {
      expect(AppCore.sum(2, 3), 5);
      expect(AppCore.sum(-7, 4), -3);
    });

    test('wraps around at 32 bits', () {
      expect(AppCore.sum(2147483647, 1), -2147483648);
      expect(AppCore.sum(-2147483648, -1), 2147483647);
    });

    test('rejects arguments outside int32 instead of truncating', () {
      expect(() => AppCore.sum(2147483648, 0), throwsRangeError);
      expect(() => AppCore.sum(0, -2147483649), throwsRangeError);
    });
  });

  // template:full-only-end
  group('reverseString', () {
    test('reverses ASCII', () {
      expect(AppCore.reverseString('hello'), 'olleh');
    });

    test('reverses by code point, keeping emoji whole', () {
      expect(AppCore.reverseString('héllo👋'), '👋olléh');
    });

    test('reverses combining marks like any other code point', () {
      expect(AppCore.reverseString('e\u0301a'), 'a\u0301e');
    });

    test('keeps the empty string empty', () {
      expect(AppCore.reverseString(''), '');
    });

    test('replaces unpaired surrogates by U+FFFD', () {
      expect(AppCore.reverseString('a\uD800b'), 'b\uFFFDa');
    });

    test('rejects U+0000', () {
      expect(() => AppCore.reverseString('a\u0000b'), throwsArgumentError);
    });
  });

  // template:full-only-begin
  group('divide', () {
    test('truncates toward zero', () {
      expect(AppCore.divide(7, 2), 3);
      expect(AppCore.divide(-7, 2), -3);
    });

    test('reports division by zero', () {
      expect(
        () => AppCore.divide(1, 0),
        throwsAppCore(AppCoreErrorCode.divisionByZero),
      );
    });

    test('reports INT32_MIN ~/ -1 as overflow', () {
      expect(
        () => AppCore.divide(-2147483648, -1),
        throwsAppCore(AppCoreErrorCode.overflow),
      );
    });

    test('rejects arguments outside int32', () {
      expect(() => AppCore.divide(1 << 31, 1), throwsRangeError);
      expect(() => AppCore.divide(1, -(1 << 31) - 1), throwsRangeError);
    });

    test('the exception carries the native message', () {
      try {
        AppCore.divide(1, 0);
        fail('divide(1, 0) returned');
      } on AppCoreException catch (e) {
        expect(e.message, isNotEmpty);
        expect(e.toString(), startsWith('AppCoreException(divisionByZero): '));
      }
    });
  });

  // template:full-only-end
  group('AppCoreErrorCode', () {
    test('matches the native table, name by name', () {
      final upper = RegExp('[A-Z]');
      for (final code in AppCoreErrorCode.values) {
        final namePointer = app_core_error_name(code.value);
        final nativeName = namePointer.cast<Utf8>().toDartString();
        final snake = code.name.replaceAllMapped(upper, (m) => '_${m[0]}');
        expect(nativeName, snake.toUpperCase());
        expect(AppCoreErrorCode.fromValue(code.value), code);
      }
    });

    test('rejects values outside the table', () {
      expect(() => AppCoreErrorCode.fromValue(99), throwsArgumentError);
      final unknown = app_core_error_name(99).cast<Utf8>().toDartString();
      expect(unknown, 'UNKNOWN');
    });
  });

  test('the loaded library has the ABI version of the bindings', () {
    expect(app_core_abi_version(), APP_CORE_ABI_VERSION);
  });
}
