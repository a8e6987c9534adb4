import 'package:app_core/app_core.dart';

import 'report.dart';

/// Native code calling Dart back: a visitor called on this thread during the
/// call, and the core's log, sent from its own threads.
Future<void> callbackTour(Report report) async {
  report.section('calling Dart from C');

  final words = <String>[];
  report.check(
    'visitWords("héllo wörld 👋", collect)',
    () => AppCore.visitWords('héllo wörld 👋', (word) {
      words.add(word);
      return true;
    }),
    expected: 3,
  );
  report.note('visited: ${words.join(' | ')}');
  // Returning false stops the C loop after this word.
  report.check(
    'visitWords("a b c", stop at once)',
    () => AppCore.visitWords('a b c', (word) => false),
    expected: 1,
  );
  // The exception stops the C loop and is rethrown here.
  report.check(
    'visitWords("a b", throw)',
    () => AppCore.visitWords(
      'a b',
      (word) => throw const FormatException('thrown by the visitor'),
    ),
    fails: (error) => error is FormatException,
  );

  // The level below which the core queues nothing for this isolate.
  report.check(
    'logLevel',
    () => AppCore.logLevel,
    expected: AppCoreLogLevel.info,
  );
  AppCore.logLevel = AppCoreLogLevel.debug;
  report.check(
    'logLevel = debug; logLevel',
    () => AppCore.logLevel,
    expected: AppCoreLogLevel.debug,
  );

  // The runtime logs its shutdown; the record comes from a native thread
  // through a native queue and a wakeup posted to a port. The tour listens
  // after its last await, so the record's future is awaited before it could
  // fail unwatched.
  await AppCore.fibonacci(10).value; // the runtime is running
  final shutdown = AppCore.logs
      .firstWhere((record) => record.message.contains('shut down'))
      .timeout(const Duration(seconds: 10));
  AppCore.shutdown();
  await report.checkAsync(
    'logs: the record of shutdown()',
    () => shutdown.then((record) => record.level),
    expected: AppCoreLogLevel.info,
  );
  AppCore.logLevel = AppCoreLogLevel.info; // the default again
  await AppCore.fibonacci(10).value; // started again for what follows
}
