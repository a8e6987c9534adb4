import 'dart:io';
import 'dart:math';

import 'package:app_core/app_core.dart';
import 'package:test/test.dart';

import 'matchers.dart';

// These tests stop and restart the process-wide native runtime; dart_test.yaml
// runs test files one at a time so no other file's tasks are caught in it.
void main() {
  tearDown(AppCore.shutdown);

  test('setWorkerCount applies only while the runtime is stopped', () async {
    AppCore.shutdown();
    expect(AppCore.setWorkerCount(3), isTrue);
    final operation = AppCore.fetchData('running');
    expect(AppCore.setWorkerCount(2), isFalse);
    expect(await operation.value, 'Data from: running');
    AppCore.shutdown();
    expect(AppCore.setWorkerCount(AppCore.maxWorkerCount), isTrue);
    // Back to the core's default for the test files that run after this one.
    final cpus = min(Platform.numberOfProcessors, AppCore.maxWorkerCount);
    expect(AppCore.setWorkerCount(max(2, cpus)), isTrue);
    expect(await AppCore.fibonacci(20).value, 6765);
  });

  test('setWorkerCount rejects counts outside 1..maxWorkerCount', () {
    expect(() => AppCore.setWorkerCount(0), throwsRangeError);
    expect(
      () => AppCore.setWorkerCount(AppCore.maxWorkerCount + 1),
      throwsRangeError,
    );
  });

  test('shutdown ends pending tasks with a cancelled error', () async {
    final fetch = AppCore.fetchData('pending');
    final fibonacci = AppCore.fibonacci(90);
    final stopwatch = Stopwatch()..start();
    AppCore.shutdown();
    expect(stopwatch.elapsed, lessThan(const Duration(seconds: 1)));
    final cancelled = throwsAppCore(AppCoreErrorCode.cancelled);
    await expectLater(fetch.value, cancelled);
    await expectLater(fibonacci.value, cancelled);
  });

  test('the runtime starts again after shutdown', () async {
    AppCore.shutdown();
    expect(await AppCore.fetchData('again').value, 'Data from: again');
  });
}
