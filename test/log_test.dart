import 'package:app_core/app_core.dart';
import 'package:test/test.dart';

// The runtime is process-wide; dart_test.yaml runs test files one at a time.
void main() {
  tearDown(() {
    AppCore.logLevel = AppCoreLogLevel.info;
  });

  Future<AppCoreLogRecord> shutdownRecord(Stream<AppCoreLogRecord> logs) {
    return logs
        .firstWhere((record) => record.message.contains('runtime shut down'))
        .timeout(const Duration(seconds: 20));
  }

  // Each test listens after its last await before the shutdown, so no
  // record's future waits unwatched while the test awaits something else.
  test('a shutdown arrives in AppCore.logs', () async {
    expect(await AppCore.fibonacci(10).value, 55); // the runtime is running
    final record = shutdownRecord(AppCore.logs);
    AppCore.shutdown();
    final shutdown = await record;
    expect(shutdown.level, AppCoreLogLevel.info);
    expect(shutdown.nativeLevel, 1);
    expect(shutdown.sequence, greaterThan(0));
    expect(shutdown.dropped, 0);
  });

  test('listening again after a cancel registers again', () async {
    final first = AppCore.logs.listen((_) {});
    await first.cancel(); // unlisten, then close the port
    await AppCore.fibonacci(10).value;
    final record = shutdownRecord(AppCore.logs);
    AppCore.shutdown();
    expect((await record).message, contains('runtime shut down'));
  });

  test('records keep coming after a level change and a shutdown', () async {
    final records = <AppCoreLogRecord>[];
    final subscription = AppCore.logs.listen(records.add);
    AppCore.logLevel = AppCoreLogLevel.debug; // the listener changes in place
    await AppCore.fibonacci(10).value;
    AppCore.shutdown(); // the listener takes the isolate's new owner id
    await AppCore.fibonacci(10).value;
    final second = shutdownRecord(AppCore.logs);
    AppCore.shutdown();
    await second;
    await subscription.cancel();
    final shutdowns = records.where((r) => r.message.contains('shut down'));
    expect(shutdowns, hasLength(2));
  });

  test('levels read native values', () {
    expect(AppCoreLogLevel.fromValue(-7), AppCoreLogLevel.debug);
    expect(AppCoreLogLevel.fromValue(1), AppCoreLogLevel.info);
    expect(AppCoreLogLevel.fromValue(2), AppCoreLogLevel.warning);
    expect(AppCoreLogLevel.fromValue(99), AppCoreLogLevel.error);
  });
}
