import 'dart:async';
import 'dart:isolate';
import 'dart:typed_data';

import 'package:app_core/src/errors.dart';
import 'package:app_core/src/native_task.dart';
import 'package:test/test.dart';

import 'matchers.dart';

// No task of the core ever has this id, so cancelling it is a no-op.
const unusedTaskId = 0x7fffffffffffffff;

Matcher malformed(Object? message) {
  Object? offending(MalformedMessage m) => m.error.message;
  return isA<MalformedMessage>().having(offending, 'message', message);
}

void main() {
  group('decodeCoreMessage', () {
    test('decodes the four kinds', () {
      expect(
        decodeCoreMessage([3, 42]),
        isA<ItemMessage>().having((m) => m.item, 'item', 42),
      );
      expect(
        decodeCoreMessage([0, 'value']),
        isA<ValueMessage>().having((m) => m.value, 'value', 'value'),
      );
      final error = decodeCoreMessage([1, 7, 'cannot open']);
      expect(error, isA<ErrorMessage>());
      final exception = (error as ErrorMessage).exception;
      expect(exception.code, AppCoreErrorCode.io);
      expect(exception.message, 'cannot open');
      expect(decodeCoreMessage([2]), isA<CancelledMessage>());
    });

    test('reports every other shape as malformed, keeping the message', () {
      final messages = <Object?>[
        null,
        'text',
        42,
        <Object?>[],
        [4, 0],
        [-1],
        ['0', 1],
        [0.0, 1],
        [true],
        [0],
        [0, 1, 2],
        [3],
        [2, 0],
        [1, 7],
        [1, '7', 'message'],
        [1, 7, 8],
        [1, 0, 'an error with the success code'],
        [1, 99, 'an unknown code'],
        {0: 1},
      ];
      for (final message in messages) {
        expect(decodeCoreMessage(message), malformed(message));
      }
    });
  });

  group('TaskMessageDecoder', () {
    test('accepts items, then one final message', () {
      final decoder = TaskMessageDecoder();
      expect(decoder.decode([3, 1]), isA<ItemMessage>());
      expect(decoder.decode([3, 2]), isA<ItemMessage>());
      expect(decoder.isFinished, isFalse);
      expect(decoder.decode([0, 'done']), isA<ValueMessage>());
      expect(decoder.isFinished, isTrue);
      expect(decoder.decode([0, 'again']), malformed([0, 'again']));
      expect(decoder.decode([3, 3]), malformed([3, 3]));
    });

    test('finishes on a malformed message', () {
      final decoder = TaskMessageDecoder();
      expect(decoder.decode([9]), isA<MalformedMessage>());
      expect(decoder.isFinished, isTrue);
    });
  });

  group('errorFromNative', () {
    test('builds an AppCoreException for a failure code', () {
      final error = errorFromNative(4, 'division by zero');
      expect(error, isAppCoreException(AppCoreErrorCode.divisionByZero));
      expect((error as AppCoreException).message, 'division by zero');
    });

    test('builds an AppCoreProtocolError for OK or an unknown code', () {
      expect(errorFromNative(0, 'ok?'), isA<AppCoreProtocolError>());
      expect(errorFromNative(99, 'what?'), isA<AppCoreProtocolError>());
    });

    test('a protocol error shows a long message shortened', () {
      final error = AppCoreProtocolError('x' * 1000, 'too long');
      expect(error.toString(), hasLength(lessThan(300)));
      expect(error.toString(), startsWith('AppCoreProtocolError: too long: '));
    });
  });

  // These tasks send their own messages to the task's port, as the core
  // would, so the state machine is tested without native tasks.
  group('NativeTask', () {
    Future<(List<int>, Object?)> run<T extends Object>(
      List<Object?> messages, {
      bool streams = true,
    }) {
      final items = <int>[];
      final result = Completer<(List<int>, Object?)>();
      NativeTask.start<T>(
        debugName: 'test',
        start: (port) {
          messages.forEach(port.send);
          return unusedTaskId;
        },
        onItem: streams ? items.add : null,
        onValue: (value) => result.complete((items, value)),
        onError: (error, stackTrace) => result.complete((items, error)),
      );
      return result.future;
    }

    test('delivers items, then the value', () async {
      final (items, value) = await run<String>([[3, 1], [3, 2], [0, 'done']]);
      expect(items, [1, 2]);
      expect(value, 'done');
    });

    test('delivers a Uint8List value as one, and refuses others', () async {
      final sent = Uint8List.fromList([1, 2, 3]);
      final (_, value) = await run<Uint8List>([[0, sent]], streams: false);
      expect(value, isA<Uint8List>());
      expect(value, [1, 2, 3]);
      final (_, error) = await run<Uint8List>([[0, 'text']], streams: false);
      expect(error, isA<AppCoreProtocolError>());
    });

    test('delivers a native error as an AppCoreException', () async {
      final (_, error) = await run<String>([[1, 7, 'cannot open']]);
      expect(error, isAppCoreException(AppCoreErrorCode.io));
    });

    test('delivers an unrequested cancellation as an error', () async {
      final (_, error) = await run<String>([[2]]);
      expect(error, isAppCoreException(AppCoreErrorCode.cancelled));
    });

    test('delivers malformed messages as protocol errors', () async {
      final cases = <(List<Object?>, bool)>[
        ([<Object?>[9]], true),
        ([[0, 42]], true),
        ([[3, 'not an int']], true),
        ([[3, 1]], false),
        ([[1, 99, 'unknown code']], true),
      ];
      for (final (messages, streams) in cases) {
        final (_, error) = await run<String>(messages, streams: streams);
        expect(error, isA<AppCoreProtocolError>(), reason: '$messages');
      }
    });

    test('ignores whatever follows a protocol error', () async {
      var values = 0;
      var errors = 0;
      NativeTask.start<String>(
        debugName: 'test',
        start: (port) {
          port.send([9]);
          port.send([0, 'late']);
          return unusedTaskId;
        },
        onValue: (_) => values++,
        onError: (_, _) => errors++,
      );
      await Future<void>.delayed(const Duration(milliseconds: 100));
      expect(values, 0);
      expect(errors, 1);
    });

    test('reports a task id of 0 as notInitialized before returning', () {
      Object? reported;
      NativeTask.start<String>(
        debugName: 'test',
        start: (port) => 0,
        onValue: (_) {},
        onError: (error, _) => reported = error,
      );
      expect(reported, isAppCoreException(AppCoreErrorCode.notInitialized));
    });

    test('reports an exception thrown while starting', () {
      Object? reported;
      NativeTask.start<String>(
        debugName: 'test',
        start: (port) => throw StateError('cannot start'),
        onValue: (_) {},
        onError: (error, _) => reported = error,
      );
      expect(reported, isA<StateError>());
    });

    test('cancel of a task unknown to the core completes at once', () async {
      final task = NativeTask.start<String>(
        debugName: 'test',
        start: (SendPort port) => unusedTaskId,
        onValue: (_) {},
        onError: (_, _) {},
      );
      // The core does not know the id, so nothing is left to wait for.
      await task.cancel().timeout(const Duration(seconds: 1));
    });
  });
}
