import 'package:app_core/app_core.dart';

import 'report.dart';

/// The calls that answer later, while this isolate goes on: each runs off
/// the calling thread and delivers its result to the event loop.
Future<void> asyncTour(Report report) async {
  report.section('async calls (answered later; this isolate never blocks)');
  await _fibonacci(report);
  // template:full-only-begin
  await _heavyComputation(report);
  // template:full-only-end
  await _fetch(report);
  await _manyFetches(report);
}

Future<void> _fibonacci(Report report) async {
  await report.checkAsync(
    'fibonacci(30)',
    () => AppCore.fibonacci(30).value,
    expected: 832040,
  );
  await report.checkAsync(
    'fibonacci(93)',
    () => AppCore.fibonacci(93).value,
    fails: failsWithCode(AppCoreErrorCode.overflow),
  );
  await report.checkAsync(
    'fibonacci(-1)',
    () => AppCore.fibonacci(-1).value,
    fails: failsWithCode(AppCoreErrorCode.invalidArgument),
  );

  // Naive recursion for n = 90 would run for centuries: only cancel stops it.
  final operation = AppCore.fibonacci(90);
  await Future<void>.delayed(const Duration(milliseconds: 100));
  final sinceCancel = Stopwatch()..start();
  await operation.cancel();
  final value = await operation.valueOrCancellation();
  report.show('fibonacci(90), cancel() after 100 ms', '$value');
  report.note('cancelled after ${sinceCancel.elapsedMilliseconds} ms');
  report.expect(
    operation.isCanceled && value == null,
    'fibonacci(90) is cancelled mid-computation',
  );
}

// template:full-only-begin
Future<void> _heavyComputation(Report report) async {
  await report.checkAsync(
    'heavyComputation(1000000)',
    () => AppCore.heavyComputation(1000000),
    expected: 333332833333500000,
  );
  // The C result is an unsigned 64-bit sum modulo 2^64; a Dart int is
  // signed, so results of 2^63 and more read as negative numbers.
  final wrapped = await AppCore.heavyComputation(3100000);
  final unsigned = BigInt.from(wrapped).toUnsigned(64);
  report.show('heavyComputation(3100000)', '$wrapped');
  report.note('as unsigned 64-bit: $unsigned');
  report.expect(
    unsigned == BigInt.parse('9930328528333850000'),
    'heavyComputation(3100000) wraps past 2^63',
  );
}

// template:full-only-end
Future<void> _fetch(Report report) async {
  const url = 'https://example.com/items';
  final stopwatch = Stopwatch()..start();
  await report.checkAsync(
    'fetchData("$url")',
    () => AppCore.fetchData(url).value,
    expected: 'Data from: $url',
  );
  final seconds = stopwatch.elapsedMilliseconds / 1000;
  report.note('answered after $seconds s (the wait holds no thread)');
  report.expect(seconds >= 0.5, 'fetchData waits 500 ms');
  _noteIfSlower(report, seconds, 'the fetch');

  // A waiting task is answered at once when cancelled.
  final operation = AppCore.fetchData(url);
  await operation.cancel();
  final value = await operation.valueOrCancellation();
  report.show('fetchData("$url"), cancel()', '$value');
  report.expect(
    operation.isCanceled && value == null,
    'a waiting fetchData is cancelled',
  );
}

Future<void> _manyFetches(Report report) async {
  const count = 200;
  final stopwatch = Stopwatch()..start();
  final answers = await Future.wait([
    for (var i = 0; i < count; i++)
      AppCore.fetchData('https://example.com/$i').value,
  ]);
  final seconds = stopwatch.elapsedMilliseconds / 1000;
  var right = 0;
  for (var i = 0; i < count; i++) {
    if (answers[i] == 'Data from: https://example.com/$i') right++;
  }
  report.show('$count x fetchData at once', '$right answered in $seconds s');
  report.expect(right == count, '$count concurrent fetches are all answered');
  _noteIfSlower(report, seconds, '$count concurrent fetches');
}

// A busy machine makes any call slower, so a time above an idle machine's is
// a note, never a failure of the tour; tool/bench measures speed.
void _noteIfSlower(Report report, double seconds, String what) {
  if (seconds >= 1.0) {
    report.note('$what took $seconds s, about 0.5 s on an idle machine');
  }
}
