import 'package:app_core/app_core.dart';

import 'report.dart';

// template:full-only-begin
const _int32Max = 2147483647;
const _int32Min = -2147483648;

// template:full-only-end
/// Every synchronous function with each of its error cases. They run on the
/// calling isolate and are short, so they need no worker.
void syncTour(Report report) {
  report.section('synchronous calls (on this isolate)');

  // template:full-only-begin
  report.check('sum(2, 3)', () => AppCore.sum(2, 3), expected: 5);
  // The C core wraps around like a 32-bit CPU instead of overflowing.
  report.check(
    'sum(2147483647, 1)',
    () => AppCore.sum(_int32Max, 1),
    expected: _int32Min,
  );
  report.check(
    'sum(-2147483648, -1)',
    () => AppCore.sum(_int32Min, -1),
    expected: _int32Max,
  );
  // A Dart int is 64 bits; the C parameter is 32. Refused before the call.
  report.check(
    'sum(2147483648, 0)',
    () => AppCore.sum(_int32Max + 1, 0),
    fails: failsWithRangeError,
  );

  // template:full-only-end
  // Reversed by Unicode scalar value, so the emoji stays whole.
  report.check(
    'reverseString("héllo 👋")',
    () => AppCore.reverseString('héllo 👋'),
    expected: '👋 olléh',
  );
  report.check(
    'reverseString("")',
    () => AppCore.reverseString(''),
    expected: '',
  );
  // C strings end at the first NUL, so such a string cannot cross intact.
  report.check(
    r'reverseString("a\u0000b")',
    () => AppCore.reverseString('a\u0000b'),
    fails: failsWithArgumentError,
  );

  // template:full-only-begin
  report.check('divide(7, 2)', () => AppCore.divide(7, 2), expected: 3);
  report.check('divide(-7, 2)', () => AppCore.divide(-7, 2), expected: -3);
  report.check(
    'divide(7, 0)',
    () => AppCore.divide(7, 0),
    fails: failsWithCode(AppCoreErrorCode.divisionByZero),
  );
  report.check(
    'divide(-2147483648, -1)',
    () => AppCore.divide(_int32Min, -1),
    fails: failsWithCode(AppCoreErrorCode.overflow),
  );
  report.check(
    'divide(2147483648, 1)',
    () => AppCore.divide(_int32Max + 1, 1),
    fails: failsWithRangeError,
  );

  // template:full-only-end
  // The Dart enum mirrors the C error table, whose values never change.
  const codes = AppCoreErrorCode.values;
  report.show(
    'AppCoreErrorCode.values',
    codes.map((code) => '${code.name}=${code.value}').join(' '),
  );
  report.expect(
    codes.every((code) => code.value == code.index),
    'error code values follow the C table',
  );
}
