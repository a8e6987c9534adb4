import 'dart:async';
import 'dart:isolate';

import 'package:async/async.dart';

import 'bindings.g.dart';
import 'errors.dart';
import 'native_library.dart';

// The async protocol of the core (see "The async protocol" in README.md): on
// the port of one call, zero or more `[ITEM, item]` messages, then exactly one
// final message: `[VALUE, value]`, `[ERROR, code, message]` or `[CANCELLED]`.

/// One decoded message of the async protocol.
sealed class CoreMessage {
  const CoreMessage();
}

/// `[APP_CORE_MESSAGE_ITEM, item]`: a stream item; more messages follow.
final class ItemMessage extends CoreMessage {
  const ItemMessage(this.item);

  final Object? item;
}

/// `[APP_CORE_MESSAGE_VALUE, value]`: the task succeeded.
final class ValueMessage extends CoreMessage {
  const ValueMessage(this.value);

  final Object? value;
}

/// `[APP_CORE_MESSAGE_ERROR, code, message]`: the task failed.
final class ErrorMessage extends CoreMessage {
  const ErrorMessage(this.exception);

  final AppCoreException exception;
}

/// `[APP_CORE_MESSAGE_CANCELLED]`: the task was cancelled.
final class CancelledMessage extends CoreMessage {
  const CancelledMessage();
}

/// Anything else: the message breaks the protocol.
final class MalformedMessage extends CoreMessage {
  const MalformedMessage(this.error);

  final AppCoreProtocolError error;
}

/// Decodes one port message of the async protocol.
///
/// A pure function of [message]: it never throws, and reports every message
/// that is not one of the four shapes (wrong kind, wrong length, wrong element
/// types, an error code outside the table) as a [MalformedMessage].
CoreMessage decodeCoreMessage(Object? message) {
  if (message is! List<Object?> || message.isEmpty) {
    return _malformed(message, 'not a non-empty list');
  }
  final kind = message[0];
  if (kind is! int) return _malformed(message, 'a kind that is not an int');
  final expectedLength = switch (kind) {
    APP_CORE_MESSAGE_VALUE || APP_CORE_MESSAGE_ITEM => 2,
    APP_CORE_MESSAGE_ERROR => 3,
    APP_CORE_MESSAGE_CANCELLED => 1,
    _ => null,
  };
  if (expectedLength == null) return _malformed(message, 'an unknown kind');
  if (message.length != expectedLength) {
    return _malformed(message, 'a message of the wrong length for its kind');
  }
  switch (kind) {
    case APP_CORE_MESSAGE_ITEM:
      return ItemMessage(message[1]);
    case APP_CORE_MESSAGE_VALUE:
      return ValueMessage(message[1]);
    case APP_CORE_MESSAGE_CANCELLED:
      return const CancelledMessage();
  }
  final code = message[1];
  final text = message[2];
  if (code is! int || text is! String) {
    return _malformed(message, 'an error that is not [1, int, String]');
  }
  final error = errorFromNative(code, text);
  if (error is! AppCoreException) {
    return _malformed(message, 'an error code outside the table');
  }
  return ErrorMessage(error);
}

MalformedMessage _malformed(Object? message, String reason) =>
    MalformedMessage(AppCoreProtocolError(message, reason));

/// Decodes the messages of one task in order: after the final message, any
/// further message is itself a [MalformedMessage].
final class TaskMessageDecoder {
  bool _finished = false;

  /// Whether the final message (or a malformed one) has been decoded.
  bool get isFinished => _finished;

  /// Decodes the task's next [message].
  CoreMessage decode(Object? message) {
    if (_finished) {
      return _malformed(message, 'a message after the final one');
    }
    final decoded = decodeCoreMessage(message);
    if (decoded is! ItemMessage) _finished = true;
    return decoded;
  }
}

/// One native async task and the port its messages arrive on.
///
/// The task's messages are handled on the isolate that started it, in its
/// event loop; the work itself runs on the core's worker threads.
final class NativeTask<T extends Object> {
  NativeTask._(this._onItem, this._onValue, this._onError);

  /// Starts a task by calling [start] with the [SendPort] of a fresh
  /// [RawReceivePort]; [start] passes its `nativePort` to the core and returns
  /// the core's task id. (Tests pass a [start] that sends messages itself.)
  ///
  /// Exactly one of [onValue] and [onError] is called, once, unless the task
  /// is cancelled first with [cancel]; [onItem] is called for each stream item
  /// before that (a call that streams nothing passes `null`, and then an item
  /// is a protocol error). A failure to start, including an id of 0 (the core
  /// could not start the task), is reported to [onError] before [start]
  /// returns.
  static NativeTask<T> start<T extends Object>({
    required String debugName,
    required int Function(SendPort port) start,
    required void Function(T value) onValue,
    required void Function(Object error, StackTrace stackTrace) onError,
    void Function(int item)? onItem,
  }) {
    final task = NativeTask<T>._(onItem, onValue, onError);
    task._start(debugName, start);
    return task;
  }

  final void Function(int item)? _onItem;
  final void Function(T value) _onValue;
  final void Function(Object error, StackTrace stackTrace) _onError;
  final TaskMessageDecoder _decoder = TaskMessageDecoder();

  /// Open from the start until the final message arrives or [cancel] is done.
  RawReceivePort? _port;
  int _id = 0;

  /// Set by [cancel] once the core has accepted the cancellation; completed
  /// by the task's final message.
  Completer<void>? _cancellation;

  void _start(String debugName, int Function(SendPort port) start) {
    try {
      ensureDartApiInitialized();
      // The open port keeps the isolate alive until the task has ended.
      final port = _port = RawReceivePort(_receive, debugName);
      _id = start(port.sendPort);
      if (_id != 0) markTaskOwned(_id);
    } catch (error, stackTrace) {
      _closePort();
      _onError(error, stackTrace);
      return;
    }
    if (_id == 0) {
      _closePort();
      _onError(
        const AppCoreException(
          AppCoreErrorCode.notInitialized,
          'the native runtime could not start the task (it is shutting down '
          'or out of memory)',
        ),
        StackTrace.current,
      );
    }
  }

  /// Cancels the task; the returned future completes once the core has
  /// posted the task's final message, so the native work has stopped.
  ///
  /// Nothing is reported to the callbacks after this call. If the task has
  /// already ended (its result may still be queued on the port, and is then
  /// dropped), the future completes at once.
  Future<void> cancel() {
    final cancellation = _cancellation;
    if (cancellation != null) return cancellation.future;
    if (_port == null) return Future<void>.value();
    if (!app_core_cancel(_id)) {
      _closePort();
      return Future<void>.value();
    }
    return (_cancellation = Completer<void>()).future;
  }

  // The handler of a RawReceivePort runs in the root zone, so it must not
  // throw: every outcome, including a malformed message, goes to a callback.
  void _receive(Object? message) {
    if (_port == null) return;
    final decoded = _decoder.decode(message);
    final cancellation = _cancellation;
    if (cancellation != null) {
      if (_decoder.isFinished) {
        _closePort();
        cancellation.complete();
      }
      return;
    }
    switch (decoded) {
      case ItemMessage(:final item):
        final onItem = _onItem;
        if (onItem == null) {
          _fail(AppCoreProtocolError(message, 'an item from a one-shot call'));
        } else if (item is! int) {
          _fail(AppCoreProtocolError(message, 'an item that is not an int'));
        } else {
          onItem(item);
        }
      case ValueMessage(:final value):
        _closePort();
        if (value is T) {
          _onValue(value);
        } else {
          _onError(
            AppCoreProtocolError(message, 'a value that is not a $T'),
            StackTrace.current,
          );
        }
      case ErrorMessage(:final exception):
        _closePort();
        _onError(exception, StackTrace.current);
      case CancelledMessage():
        _closePort();
        _onError(
          const AppCoreException(
            AppCoreErrorCode.cancelled,
            'the native runtime cancelled the task (app_core_shutdown)',
          ),
          StackTrace.current,
        );
      case MalformedMessage(:final error):
        _fail(error);
    }
  }

  /// Reports [error] and stops the native task, whose remaining messages then
  /// have nowhere to go (the core frees a task whose port is closed).
  void _fail(AppCoreProtocolError error) {
    app_core_cancel(_id);
    _closePort();
    _onError(error, StackTrace.current);
  }

  void _closePort() {
    _port?.close();
    _port = null;
  }
}

/// Runs one native task as a [CancelableOperation] whose value is the task's
/// value; cancelling it cancels the native task (see [NativeTask.cancel]).
///
/// A task the core cancels itself (`AppCore.shutdown()`, from any isolate)
/// completes the value with an [AppCoreException] of
/// [AppCoreErrorCode.cancelled]. That error is marked as handled
/// ([FutureExtensions.ignore]), so an app that never reads such an
/// operation's value sees no uncaught error, just as package:async reports
/// none for an operation cancelled through [CancelableOperation.cancel];
/// whoever reads the value still gets the error. Every other error is
/// reported as uncaught when nobody reads the value, as any [Future]'s is.
CancelableOperation<T> nativeOperation<T extends Object>(
  String debugName,
  int Function(SendPort port) start,
) {
  late final NativeTask<T> task;
  final completer = CancelableCompleter<T>(onCancel: () => task.cancel());
  task = NativeTask.start<T>(
    debugName: debugName,
    start: start,
    onValue: completer.complete,
    onError: (Object error, StackTrace stackTrace) {
      if (error is AppCoreException &&
          error.code == AppCoreErrorCode.cancelled) {
        completer.operation.value.ignore();
      }
      completer.completeError(error, stackTrace);
    },
  );
  return completer.operation;
}
