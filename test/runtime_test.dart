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
    // Both expectations listen before the first await: the two errors may
    // arrive in either order, and neither may find its future unwatched.
    final cancelled = throwsAppCore(AppCoreErrorCode.cancelled);
    final fetchEnded = expectLater(fetch.value, cancelled);
    final fibonacciEnded = expectLater(fibonacci.value, cancelled);
    // Returning at all shows shutdown did not wait for fibonacci(90), which
    // would run for centuries; how long it took is not checked.
    AppCore.shutdown();
    await Future.wait<void>([fetchEnded, fibonacciEnded]);
  });

  // The [2] reaches a value nobody watches; were it reported as an uncaught
  // error, the test would fail.
  test('shutdown of a task nobody reads raises no uncaught error', () async {
    AppCore.fetchData('never read');
    AppCore.shutdown();
    // Its [2] was posted before shutdown returned, so it is handled before
    // this later task's answer (one isolate's messages arrive in order).
    expect(await AppCore.fetchData('read').value, 'Data from: read');
  });

  test('the runtime starts again after shutdown', () async {
    AppCore.shutdown();
    expect(await AppCore.fetchData('again').value, 'Data from: again');
  });
}
