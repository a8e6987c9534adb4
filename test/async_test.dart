import 'dart:async';
import 'dart:io';
import 'dart:typed_data';

import 'package:app_core/app_core.dart';
import 'package:test/test.dart';

import 'matchers.dart';

int fibonacciInDart(int n) {
  var previous = 0, current = 1;
  for (var i = 0; i < n; i++) {
    final next = previous + current;
    previous = current;
    current = next;
  }
  return previous;
}

// template:full-only-begin
// Dart's int arithmetic wraps at 64 bits on the VM, like the C loop.
int sumOfSquaresInDart(int iterations) {
  var sum = 0;
  for (var i = 0; i < iterations; i++) {
    sum += i * i;
  }
  return sum;
}

// template:full-only-end
void main() {
  group('fibonacci', () {
    test('computes small values', () async {
      for (final n in [0, 1, 2, 10, 20, 30]) {
        expect(await AppCore.fibonacci(n).value, fibonacciInDart(n));
      }
    });

    test('reports a negative index as an invalid argument', () async {
      await expectLater(
        AppCore.fibonacci(-1).value,
        throwsAppCore(AppCoreErrorCode.invalidArgument),
      );
    });

    test('reports fibonacci(93) as an overflow', () async {
      await expectLater(
        AppCore.fibonacci(93).value,
        throwsAppCore(AppCoreErrorCode.overflow),
      );
    });

    test('cancelling stops fibonacci(90)', () async {
      final operation = AppCore.fibonacci(90);
      await Future<void>.delayed(const Duration(milliseconds: 50));
      // Completes only once the core has posted the cancelled message, which
      // a computation that did not stop would post centuries later.
      await operation.cancel();
      expect(operation.isCanceled, isTrue);
      expect(await operation.valueOrCancellation(-1), -1);
    });
  });

  // template:full-only-begin
  group('heavyComputation', () {
    test('matches the sum computed in Dart', () async {
      expect(await AppCore.heavyComputation(0), 0);
      expect(await AppCore.heavyComputation(1000), sumOfSquaresInDart(1000));
    });

    test('reads results of 2^63 and above as negative ints', () async {
      const n = 3100000;
      // (n - 1) n (2n - 1) / 6, exactly.
      final product = BigInt.from((n - 1) * n) * BigInt.from(2 * n - 1);
      final exact = product ~/ BigInt.from(6);
      expect(exact.bitLength, 64);
      final result = await AppCore.heavyComputation(n);
      expect(result, isNegative);
      expect(result, sumOfSquaresInDart(n));
      expect(BigInt.from(result).toUnsigned(64), exact);
    });

    test('rejects a negative count', () {
      expect(() => AppCore.heavyComputation(-1), throwsRangeError);
    });
  });

  // template:full-only-end
  group('fetchData', () {
    test('answers after the wait', () async {
      final stopwatch = Stopwatch()..start();
      final value = await AppCore.fetchData('https://example.com').value;
      expect(value, 'Data from: https://example.com');
      expect(
        stopwatch.elapsed,
        greaterThanOrEqualTo(const Duration(milliseconds: 450)),
      );
    });

    // That the cancel ends the wait at once, not at its timer, is
    // test_async.c's cancel_while_waiting_answers_before_the_timer (a wait
    // of an hour); timing it here would fail on a busy machine.
    test('cancelling a waiting fetch cancels it', () async {
      final operation = AppCore.fetchData('https://example.com');
      await Future<void>.delayed(const Duration(milliseconds: 50));
      await operation.cancel();
      expect(operation.isCanceled, isTrue);
      expect(await operation.valueOrCancellation('cancelled'), 'cancelled');
    });

    test('cancelling twice, or after the value, is harmless', () async {
      final operation = AppCore.fetchData('twice');
      await Future.wait<void>([operation.cancel(), operation.cancel()]);
      final done = AppCore.fetchData('done');
      expect(await done.value, 'Data from: done');
      await done.cancel();
      expect(done.isCanceled, isFalse);
    });

    // One after another the waits would take 100 s, beyond the test's
    // timeout (which means hung): they overlap.
    test('200 concurrent fetches share one wait', () async {
      final values = await Future.wait([
        for (var i = 0; i < 200; i++) AppCore.fetchData('url $i').value,
      ]);
      expect(values, [for (var i = 0; i < 200; i++) 'Data from: url $i']);
    });

    test('rejects U+0000 at once', () {
      expect(() => AppCore.fetchData('a\u0000b'), throwsArgumentError);
    });
  });

  group('sha256File', () {
    late Directory directory;

    setUp(() {
      directory = Directory.systemTemp.createTempSync('app_core_test_');
    });

    tearDown(() {
      directory.deleteSync(recursive: true);
    });

    String writeFile(String name, List<int> bytes) {
      final file = File('${directory.path}${Platform.pathSeparator}$name');
      file.writeAsBytesSync(bytes);
      return file.path;
    }

    test('hashes "abc"', () async {
      final path = writeFile('abc.txt', 'abc'.codeUnits);
      expect(await AppCore.sha256File(path).toList(), const [
        Sha256Progress(3),
        Sha256Digest(
          'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        ),
      ]);
      expect(
        await AppCore.sha256FileDigest(path),
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      );
    });

    test('hashes an empty file', () async {
      final path = writeFile('empty', const []);
      expect(
        await AppCore.sha256FileDigest(path),
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      );
    });

    test('reports progress through a multi-MiB file', () async {
      const size = 8 * 1024 * 1024;
      final bytes = Uint8List(size);
      for (var i = 0; i < size; i++) {
        bytes[i] = i % 251;
      }
      final path = writeFile('big.bin', bytes);
      final events = await AppCore.sha256File(path).toList();
      expect(
        events.last,
        const Sha256Digest(
          'bdf23837181f5808331800c1ae2b4f7d7a839536b10d58491471c50dde23833a',
        ),
      );
      final progress = events.whereType<Sha256Progress>().toList();
      expect(events.length, progress.length + 1);
      expect(progress, isNotEmpty);
      for (var i = 1; i < progress.length; i++) {
        expect(
          progress[i].bytesHashed,
          greaterThanOrEqualTo(progress[i - 1].bytesHashed),
        );
      }
      expect(progress.last.bytesHashed, size);
    });

    test('reports a missing file as an I/O error naming it', () async {
      final path = '${directory.path}${Platform.pathSeparator}missing';
      try {
        await AppCore.sha256File(path).drain<void>();
        fail('the stream of a missing file ended without an error');
      } on AppCoreException catch (e) {
        expect(e.code, AppCoreErrorCode.io);
        expect(e.message, contains('missing'));
      }
      await expectLater(
        AppCore.sha256FileDigest(path),
        throwsAppCore(AppCoreErrorCode.io),
      );
    });

    test('stops hashing when the subscription is cancelled', () async {
      // 4 GiB, sparse where the file system allows (NTFS reserves the space
      // but reads zeros without disk I/O): the cancel waits for the task's
      // final message, and no event follows it. That the native hashing
      // stops at its next block is test_async.c's to show; timing the
      // cancel here would fail on a busy machine.
      final path = '${directory.path}${Platform.pathSeparator}huge.bin';
      final file = File(path).openSync(mode: FileMode.write);
      try {
        file.truncateSync(4 << 30);
      } finally {
        file.closeSync();
      }
      final events = <Sha256Event>[];
      final firstEvent = Completer<void>();
      final subscription = AppCore.sha256File(path).listen((event) {
        events.add(event);
        if (!firstEvent.isCompleted) firstEvent.complete();
      });
      await firstEvent.future;
      expect(events.first, isA<Sha256Progress>());
      await subscription.cancel();
      final seen = events.length;
      await Future<void>.delayed(const Duration(milliseconds: 100));
      expect(events, hasLength(seen));
      expect(events.whereType<Sha256Digest>(), isEmpty);
    });

    test('rejects U+0000 at once', () {
      expect(() => AppCore.sha256File('a\u0000b'), throwsArgumentError);
    });
  });
}
