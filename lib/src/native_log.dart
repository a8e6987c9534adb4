import 'dart:async';
import 'dart:ffi'; // SendPort.nativePort is an extension from dart:ffi
import 'dart:isolate';

import 'package:ffi/ffi.dart';

import 'bindings.g.dart';
import 'errors.dart';
import 'log_record.dart';
import 'native_library.dart';
import 'native_memory.dart';

// The native log reaches Dart as "records are ready" wakeups: the core posts
// the listener id (an int) to a RawReceivePort; the records themselves wait in
// a bounded native queue that [_drain] empties with app_core_log_next,
// copying each one out. See "Calling Dart from C" in README.md and the log
// section of native/include/app_core.h.
//
// Why a port and not a NativeCallable.listener: the core logs from any thread
// at any time, also after this isolate died in a hot restart and before the
// core hears of it. Calling a dead isolate's listener callable is undefined
// behaviour; a post to its closed port is just refused (and the core then
// drops the listener).
//
// Order of teardown: app_core_log_unlisten first (when it returns, no post
// for the listener is in flight or will follow), RawReceivePort.close second.

/// This isolate's native log listener (static state lives once per isolate).
final class NativeLog {
  NativeLog._();

  /// This isolate's one listener, made on first use.
  static final NativeLog instance = NativeLog._();

  late final StreamController<AppCoreLogRecord> _controller =
      StreamController<AppCoreLogRecord>.broadcast(
        onListen: _start,
        onCancel: _stop,
      );

  RawReceivePort? _port;
  int _listener = 0;
  AppCoreLogLevel _level = AppCoreLogLevel.info;

  /// The records at or above [level], while anyone listens.
  Stream<AppCoreLogRecord> get stream => _controller.stream;

  /// The lowest level delivered.
  AppCoreLogLevel get level => _level;

  set level(AppCoreLogLevel value) {
    if (value == _level) return;
    _level = value;
    if (_listener != 0) _relisten();
  }

  void _start() {
    try {
      ensureAbiCompatible();
    } on StateError catch (error, stackTrace) {
      _controller.addError(error, stackTrace);
      return;
    }
    _port = RawReceivePort(_onWakeup, 'app_core.log');
    _listen();
  }

  void _listen() {
    final port = _port;
    if (port == null) return;
    final owner = _ownerOrNull();
    if (owner == null) {
      _port = null;
      port.close(); // never registered: nothing posts to it
      return;
    }
    final listener = app_core_log_listen(
      _level.value,
      port.sendPort.nativePort,
      owner,
    );
    if (listener == 0) {
      _port = null;
      port.close(); // never registered: nothing posts to it
      _controller.addError(
        const AppCoreException(
          AppCoreErrorCode.outOfMemory,
          'app_core_log_listen could not register a listener',
        ),
      );
      return;
    }
    _listener = listener;
  }

  void _stop() {
    _unlisten();
    final port = _port;
    _port = null;
    port?.close(); // after the unlisten: no post for it will follow
  }

  /// Delivers what is queued, then unregisters; the port stays open.
  void _unlisten() {
    if (_listener == 0) return;
    _drain();
    app_core_log_unlisten(_listener);
    _listener = 0;
  }

  /// Gives the listener the current level and owner (after a level change or
  /// a shutdown, which ends the old owner's exit link) in place, under the
  /// core's log lock: its queue and id stay, so no record logged meanwhile is
  /// lost. If the core removed the listener (its port was found closed or its
  /// owner's isolate ended), registers anew; wakeups still on their way for
  /// the old id are ignored by [_onWakeup].
  void _relisten() {
    final owner = _ownerOrNull();
    if (owner == null) {
      _stop(); // as listening anew would fail: the error is on the stream
      return;
    }
    if (app_core_log_relisten(_listener, _level.value, owner)) return;
    _listener = 0;
    _listen();
  }

  /// Called after `app_core_shutdown`, which gives this isolate a new owner id.
  void afterShutdown() {
    if (_listener != 0) _relisten();
  }

  // A RawReceivePort handler gets the message as a dynamic value: the core
  // posts only the listener id, an int.
  void _onWakeup(Object? message) {
    if (message is int && message == _listener && _listener != 0) _drain();
  }

  void _drain() {
    using<void>((arena) {
      final record = arena<app_core_log_record>();
      while (app_core_log_next(_listener, record)) {
        final native = record.ref;
        final message = takeString(native.message) ?? '';
        _controller.add(
          AppCoreLogRecord(
            level: AppCoreLogLevel.fromValue(native.level),
            nativeLevel: native.level,
            sequence: native.sequence,
            dropped: native.dropped,
            message: message,
          ),
        );
      }
    });
  }

  /// The isolate's owner id, so the core drops the listener itself should
  /// the isolate end without cancelling (a hot restart); 0 if the core could
  /// not register the isolate (then only cancelling removes it). Null, with
  /// the error on the stream, if the Dart API could not be initialised: the
  /// core posts the wakeups through it, so it refuses to listen without it.
  int? _ownerOrNull() {
    try {
      ensureDartApiInitialized();
    } on AppCoreException catch (error, stackTrace) {
      _controller.addError(error, stackTrace);
      return null;
    }
    return isolateOwner;
  }
}
