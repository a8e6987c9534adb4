import 'dart:async';
import 'dart:ffi'; // SendPort.nativePort is an extension from dart:ffi
// template:full-only-begin
import 'dart:isolate';
import 'dart:typed_data';
// template:full-only-end

import 'package:async/async.dart';
import 'package:ffi/ffi.dart';

import 'bindings.g.dart';
import 'errors.dart';
import 'log_record.dart';
import 'native_library.dart';
import 'native_log.dart';
import 'native_memory.dart';
import 'native_task.dart';
import 'sha256_event.dart';

/// The native core's functions.
///
/// Every function checks, once per isolate, that the loaded native library
/// implements the ABI these bindings were generated from, and fails with a
/// [StateError] naming both versions if not (thrown by synchronous functions,
/// delivered through the result by async ones).
///
/// Functions that return a plain value run on the calling thread and are
/// short, except [shutdown], which blocks until every native task has ended.
/// Functions that return a [CancelableOperation] or a [Stream] run on the
/// core's worker threads and deliver their results to the calling isolate's
/// event loop. A function that returns a [Future] says where it runs (a
/// helper isolate, or the calling thread for short inputs). An invalid Dart
/// argument throws at once; every other failure (including
/// [AppCoreErrorCode.notInitialized] when the core cannot start the task)
/// arrives through the returned operation, future or stream.
abstract final class AppCore {
  /// The largest count [setWorkerCount] accepts.
  static const int maxWorkerCount = APP_CORE_MAX_WORKERS;

  // template:full-only-begin
  /// The longest file [readFile] reads: 2^30 - 1 bytes, the longest
  /// [Uint8List] every Dart VM can make (32-bit targets, and Flutter on
  /// Android and iOS, where pointers are compressed).
  static const int readFileMaxBytes = APP_CORE_READ_FILE_MAX_BYTES;

  /// The most bytes [sha256Bytes] hashes in one call on the calling thread
  /// (64 KiB: about 0.04 ms with the CPU's SHA instructions, 0.3 ms
  /// without); longer inputs are copied and hashed on a native worker.
  static const int sha256BytesLeafMax = APP_CORE_SHA256_BYTES_LEAF_MAX;

  // template:full-only-end
  // template:full-only-begin
  static const int _int32Min = -0x80000000;
  static const int _int32Max = 0x7fffffff;

  // template:full-only-end
  // template:full-only-begin
  /// Returns `a + b` wrapped to 32 bits (`2147483647 + 1 == -2147483648`).
  ///
  /// Throws a [RangeError] if [a] or [b] is not a 32-bit signed integer (the
  /// native call would otherwise truncate it). Runs on the calling thread.
  static int sum(int a, int b) {
    _checkInt32(a, 'a');
    _checkInt32(b, 'b');
    ensureAbiCompatible();
    return app_core_sum(a, b);
  }

  // template:full-only-end
  /// Returns [input] reversed by Unicode scalar value (`'héllo👋'` becomes
  /// `'👋olléh'`; `''` stays `''`).
  ///
  /// Combining marks are reversed like any other code point, so they attach
  /// to a different base character. Unpaired surrogates in [input] are
  /// replaced by U+FFFD before the call (they have no UTF-8 form).
  ///
  /// Throws an [ArgumentError] if [input] contains U+0000 (the native string
  /// would end there), and an [AppCoreException] if the core fails
  /// ([AppCoreErrorCode.outOfMemory]). Runs on the calling thread, in time
  /// linear in the length.
  static String reverseString(String input) {
    _checkNoNul(input, 'input');
    ensureAbiCompatible();
    final reversed = callWithError((arena, error) {
      final native = input.toNativeUtf8(allocator: arena);
      return takeString(app_core_reverse_string(native.cast(), error));
    });
    if (reversed == null) {
      throw AppCoreProtocolError(
        null,
        'app_core_reverse_string returned NULL without reporting an error',
      );
    }
    return reversed;
  }

  /// Calls [visit] with each word of [text], in order, until it returns
  /// `false`; returns how many times it was called.
  ///
  /// A word is a run of characters other than ASCII whitespace (space, tab,
  /// line feed, vertical tab, form feed, carriage return). The native core
  /// calls [visit] back on this thread, during this call, through a
  /// [NativeCallable.isolateLocal] that is closed before this returns. If
  /// [visit] throws, the native loop stops at once and the error is rethrown
  /// here with its stack trace.
  ///
  /// Throws an [ArgumentError] if [text] contains U+0000. Unpaired
  /// surrogates become U+FFFD before the call.
  static int visitWords(String text, bool Function(String word) visit) {
    _checkNoNul(text, 'text');
    ensureAbiCompatible();
    Object? thrown;
    StackTrace? thrownTrace;
    bool onWord(Pointer<Char> word, int length, Pointer<Void> userData) {
      try {
        return visit(word.cast<Utf8>().toDartString(length: length));
      } catch (error, stackTrace) {
        // Caught here so it can be rethrown below; `false` stops the loop.
        thrown = error;
        thrownTrace = stackTrace;
        return false;
      }
    }

    // A callback that returns a value needs an exceptionalReturn, a constant
    // C receives if it throws; onWord catches everything itself, and false
    // would stop the loop anyway.
    final callable = NativeCallable<app_core_word_visitorFunction>.isolateLocal(
      onWord,
      exceptionalReturn: false,
    );
    try {
      final calls = callWithError(
        (arena, error) => app_core_visit_words(
          text.toNativeUtf8(allocator: arena).cast(),
          callable.nativeFunction,
          nullptr,
          error,
        ),
      );
      final failure = thrown;
      if (failure != null) {
        Error.throwWithStackTrace(failure, thrownTrace ?? StackTrace.empty);
      }
      return calls;
    } finally {
      // The native call has returned, so nothing can call it any more.
      callable.close();
    }
  }

  /// The native core's log, from any thread of the process, for this
  /// isolate: a broadcast stream of the records at or above [logLevel].
  ///
  /// The core logs what a plugin author would otherwise not see: worker
  /// threads that fail to start, a task failure whose result nobody can
  /// receive any more, a shutdown. A plugin's own C code logs with
  /// `app_core_log`. Records wait in a bounded native queue per isolate
  /// ([AppCoreLogRecord.dropped] counts those lost to a flood), and arrive in
  /// this isolate's event loop. While the stream has a listener it keeps the
  /// isolate alive; cancel the subscription to release it.
  static Stream<AppCoreLogRecord> get logs => NativeLog.instance.stream;

  /// The lowest level [logs] delivers; [AppCoreLogLevel.info] unless set.
  /// Below it, a native log call costs one atomic load.
  static AppCoreLogLevel get logLevel => NativeLog.instance.level;

  static set logLevel(AppCoreLogLevel level) {
    NativeLog.instance.level = level;
  }

  // template:full-only-begin
  /// Returns `a ~/ b` (truncated toward zero).
  ///
  /// Throws a [RangeError] if [a] or [b] is not a 32-bit signed integer, and
  /// an [AppCoreException] with [AppCoreErrorCode.divisionByZero] if [b] is 0
  /// or [AppCoreErrorCode.overflow] for `-2147483648 ~/ -1`. Runs on the
  /// calling thread.
  static int divide(int a, int b) {
    _checkInt32(a, 'a');
    _checkInt32(b, 'b');
    ensureAbiCompatible();
    return callWithError((_, error) => app_core_divide(a, b, error));
  }

  // template:full-only-end
  /// Computes the [n]-th Fibonacci number (`fibonacci(0) == 0`,
  /// `fibonacci(1) == 1`) by naive recursion on a native worker thread.
  ///
  /// The cost grows about 1.6-fold with each step of [n] (n = 40 takes a
  /// fraction of a second, n = 50 tens of seconds). Cancelling the operation
  /// stops the computation within about a millisecond; the future returned
  /// by [CancelableOperation.cancel] completes once it has stopped.
  ///
  /// The value completes with an [AppCoreException] with
  /// [AppCoreErrorCode.invalidArgument] if [n] is negative, or
  /// [AppCoreErrorCode.overflow] if [n] > 92 (the result would not fit a
  /// 64-bit int).
  static CancelableOperation<int> fibonacci(int n) => nativeOperation<int>(
    'app_core.fibonacci',
    (port) => app_core_fibonacci_async(n, port.nativePort),
  );

  // template:full-only-begin
  /// Returns the sum of `i * i` for `0 <= i < iterations`, modulo 2^64.
  ///
  /// The native result is an unsigned 64-bit integer and Dart's `int` is
  /// signed, so results of 2^63 and above read as negative numbers (the same
  /// 64 bits in two's complement).
  ///
  /// Runs on a new helper isolate ([Isolate.run]), whose thread the native
  /// loop occupies until it is done, so the calling isolate stays responsive.
  /// Throws a [RangeError] if [iterations] is negative.
  static Future<int> heavyComputation(int iterations) {
    RangeError.checkNotNegative(iterations, 'iterations');
    return Isolate.run(() => _heavyComputation(iterations));
  }

  // template:full-only-end
  /// Returns `'Data from: <url>'` after a simulated 500 ms network wait that
  /// occupies no thread.
  ///
  /// Cancelling the operation ends the wait at once. Throws an
  /// [ArgumentError] if [url] contains U+0000.
  static CancelableOperation<String> fetchData(String url) {
    _checkNoNul(url, 'url');
    return nativeOperation<String>(
      'app_core.fetchData',
      (port) => using(
        (arena) => app_core_fetch_data_async(
          url.toNativeUtf8(allocator: arena).cast(),
          port.nativePort,
        ),
      ),
    );
  }

  /// Hashes the file at [path] with SHA-256 on a native worker thread.
  ///
  /// The stream emits [Sha256Progress] events (at most about 20 a second,
  /// increasing, the last one equal to the file's size), then one
  /// [Sha256Digest], then closes. The native task starts when the stream is
  /// listened to; cancelling the subscription cancels it, and the future
  /// returned by [StreamSubscription.cancel] completes once hashing has
  /// stopped. Pausing the subscription buffers events but does not pause the
  /// hashing.
  ///
  /// A file that cannot be opened or read ends the stream with an
  /// [AppCoreException] with [AppCoreErrorCode.io] whose message names the
  /// path and the reason. Throws an [ArgumentError] at once if [path]
  /// contains U+0000.
  static Stream<Sha256Event> sha256File(String path) {
    _checkNoNul(path, 'path');
    NativeTask<String>? task;
    late final StreamController<Sha256Event> controller;
    controller = StreamController<Sha256Event>(
      onListen: () {
        task = NativeTask.start<String>(
          debugName: 'app_core.sha256File',
          start: (port) => using(
            (arena) => app_core_sha256_file_async(
              path.toNativeUtf8(allocator: arena).cast(),
              port.nativePort,
            ),
          ),
          onItem: (bytesHashed) => controller.add(Sha256Progress(bytesHashed)),
          onValue: (hex) {
            controller.add(Sha256Digest(hex));
            controller.close();
          },
          onError: (error, stackTrace) {
            controller.addError(error, stackTrace);
            controller.close();
          },
        );
      },
      onCancel: () => task?.cancel(),
    );
    return controller.stream;
  }

  /// The SHA-256 digest of the file at [path] as 64 lowercase hexadecimal
  /// digits, without progress events; see [sha256File] for the errors.
  static Future<String> sha256FileDigest(String path) {
    final events = sha256File(path);
    final digest = events.firstWhere((event) => event is Sha256Digest);
    return digest.then((event) => (event as Sha256Digest).hex);
  }

  // template:full-only-begin
  /// Reads the whole file at [path] on a native worker thread; the value is
  /// its bytes.
  ///
  /// The bytes are never copied: the [Uint8List] is the buffer the worker
  /// read into, adopted by the Dart VM as external typed data. It is Dart's
  /// like any other list: keep it, change it, send it to another isolate
  /// (sending copies it). The native memory is freed when the list is
  /// garbage-collected, or by the core if the result is never delivered
  /// (the operation was cancelled, or the isolate exited first).
  ///
  /// Files longer than [readFileMaxBytes] are refused with an
  /// [AppCoreException] with [AppCoreErrorCode.invalidArgument]. A file that
  /// cannot be opened or read, including a directory, fails with
  /// [AppCoreErrorCode.io], and the message names the path and the reason.
  /// Cancelling the operation stops the reading at its next 1 MiB read; the
  /// future returned by [CancelableOperation.cancel] completes once it has
  /// stopped. Throws an [ArgumentError] at once if [path] contains U+0000.
  static CancelableOperation<Uint8List> readFile(String path) {
    _checkNoNul(path, 'path');
    return nativeOperation<Uint8List>(
      'app_core.readFile',
      (port) => using(
        (arena) => app_core_read_file_async(
          path.toNativeUtf8(allocator: arena).cast(),
          port.nativePort,
        ),
      ),
    );
  }

  /// The SHA-256 digest of [bytes] as 64 lowercase hexadecimal digits.
  ///
  /// Up to [sha256BytesLeafMax] bytes are hashed at once on the calling
  /// thread, straight from the list's memory (no copy; the returned future
  /// is already complete). Longer inputs are copied by the core (about
  /// 0.1 ms per MiB, on the calling thread: a 1 GiB list holds it about
  /// 100 ms) and hashed on a native worker, so the calling isolate stays free
  /// while they are hashed. Views from
  /// [Uint8List.sublistView] and the lists [readFile] returns work like any
  /// other [Uint8List]. [bytes] is only read, and may be changed again once
  /// this returns.
  ///
  /// Errors arrive through the future as [AppCoreException]s
  /// ([AppCoreErrorCode.outOfMemory] when the copy cannot be made).
  static Future<String> sha256Bytes(Uint8List bytes) {
    if (bytes.length > sha256BytesLeafMax) {
      return nativeOperation<String>(
        'app_core.sha256Bytes',
        (port) => app_core_sha256_bytes_async(
          bytes.address,
          bytes.length,
          port.nativePort,
        ),
      ).value;
    }
    try {
      return Future<String>.value(_sha256BytesNow(bytes));
    } catch (error, stackTrace) {
      return Future<String>.error(error, stackTrace);
    }
  }

  // One leaf call hashes the list where it lies: `bytes.address`, valid only
  // as a whole argument of a leaf call, is the Pointer<Uint8> `data` wants.
  // `hex_out` is a char *, so its 65 bytes come from the arena callWithError
  // already holds for the error struct rather than from a Uint8List, whose
  // address would need a cast inside the argument.
  static String _sha256BytesNow(Uint8List bytes) {
    ensureAbiCompatible();
    final hex = callWithError((arena, error) {
      final out = arena<Char>(APP_CORE_SHA256_HEX_SIZE);
      if (!app_core_sha256_bytes(bytes.address, bytes.length, out, error)) {
        return null;
      }
      return out.cast<Utf8>().toDartString();
    });
    if (hex == null) {
      throw AppCoreProtocolError(
        null,
        'app_core_sha256_bytes failed without reporting an error',
      );
    }
    return hex;
  }

  // template:full-only-end
  /// Sets the number of native worker threads the runtime uses the next time
  /// it starts; returns whether it was set.
  ///
  /// Returns `false`, changing nothing, while the runtime is running: call it
  /// before the process's first async call, or after [shutdown]. The default
  /// is the number of CPUs, at least 2. Throws a [RangeError] if [count] is
  /// not between 1 and [maxWorkerCount]. Runs on the calling thread.
  static bool setWorkerCount(int count) {
    RangeError.checkValueInInterval(count, 1, maxWorkerCount, 'count');
    ensureAbiCompatible();
    return app_core_set_worker_count(count);
  }

  /// Cancels every pending native task of the process, waits until each has
  /// posted its final message, then stops the worker threads and frees the
  /// runtime's memory.
  ///
  /// Blocks the calling thread until then (cancelled tasks stop within
  /// milliseconds). Tasks of this and other isolates that were not cancelled
  /// by their callers end with an [AppCoreException] with
  /// [AppCoreErrorCode.cancelled]. The runtime starts again on the next async
  /// call.
  static void shutdown() {
    ensureAbiCompatible();
    app_core_shutdown();
    forgetIsolateRegistration();
    NativeLog.instance.afterShutdown();
  }

  // template:full-only-begin
  static void _checkInt32(int value, String name) {
    RangeError.checkValueInInterval(value, _int32Min, _int32Max, name);
  }

  // template:full-only-end
  static void _checkNoNul(String value, String name) {
    if (value.contains('\u0000')) {
      throw ArgumentError.value(value, name, 'must not contain U+0000');
    }
  }
}
// template:full-only-begin

// A top-level function, so the closure that Isolate.run sends to the helper
// isolate captures nothing but an int.
int _heavyComputation(int iterations) {
  ensureAbiCompatible();
  return app_core_heavy_computation(iterations);
}
// template:full-only-end
