import 'dart:io';
import 'dart:isolate';
import 'dart:math';

import 'package:app_core/app_core.dart';
import 'package:test/test.dart';

// Runs in a spawned isolate: occupies both workers with computations that
// would take centuries, then ends without cancelling them.
Future<void> _computeThenExit(SendPort done) async {
  AppCore.fibonacci(80);
  AppCore.fibonacci(80);
  // The core's registration reply was queued before this timer, so once it
  // fires the exit listener has been requested (an out-of-band message to this
  // isolate); a ping sent after it is answered only once it is in place.
  await Future<void>.delayed(const Duration(milliseconds: 50));
  final pong = ReceivePort();
  Isolate.current.ping(pong.sendPort, priority: Isolate.immediate);
  await pong.first;
  Isolate.exit(done, true);
}

// Like runtime_test.dart, this file stops the process-wide runtime to choose
// its worker count; dart_test.yaml runs test files one at a time.
void main() {
  tearDown(() {
    AppCore.shutdown();
    final cpus = min(Platform.numberOfProcessors, AppCore.maxWorkerCount);
    expect(AppCore.setWorkerCount(max(2, cpus)), isTrue);
  });

  test("an exiting isolate stops its native work, not others'", () async {
    AppCore.shutdown();
    expect(AppCore.setWorkerCount(2), isTrue);
    final mine = AppCore.fetchData('main isolate');
    // Listens before the first await, so no outcome finds it unwatched.
    final mineAnswered = expectLater(
      mine.value,
      completion('Data from: main isolate'),
    );

    final done = ReceivePort();
    await Isolate.spawn(_computeThenExit, done.sendPort);
    expect(await done.first, isTrue);

    // Both workers are free again: without the exit cancelling the spawned
    // isolate's computations, these would wait for centuries.
    final results = await Future.wait([
      AppCore.fibonacci(25).value,
      AppCore.fibonacci(25).value,
    ]).timeout(const Duration(seconds: 20));
    expect(results, [75025, 75025]);
    await mineAnswered;
  });
}
