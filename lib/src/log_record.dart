import 'bindings.g.dart';

/// The levels of the native log (`APP_CORE_LOG_*` in
/// `native/include/app_core.h`).
enum AppCoreLogLevel {
  /// Detail for debugging the core.
  debug(APP_CORE_LOG_DEBUG),

  /// Something worth knowing happened, such as a shutdown.
  info(APP_CORE_LOG_INFO),

  /// Something went wrong that the caller may not otherwise see, such as a
  /// task failure whose port was already closed.
  warning(APP_CORE_LOG_WARNING),

  /// The core could not do what it was asked, such as start its threads.
  error(APP_CORE_LOG_ERROR);

  const AppCoreLogLevel(this.value);

  /// The level's value in C.
  final int value;

  /// The level of a native record: native C code may log any int, so values
  /// below [debug] read as [debug] and above [error] as [error].
  static AppCoreLogLevel fromValue(int value) {
    for (final level in values.reversed) {
      if (value >= level.value) return level;
    }
    return debug;
  }
}

/// One record of the native log, as delivered by `AppCore.logs`.
final class AppCoreLogRecord {
  /// Creates a record.
  const AppCoreLogRecord({
    required this.level,
    required this.nativeLevel,
    required this.sequence,
    required this.dropped,
    required this.message,
  });

  /// The record's level.
  final AppCoreLogLevel level;

  /// The level exactly as the C code logged it.
  final int nativeLevel;

  /// 1, 2, ... in the order records were logged, process-wide (a record this
  /// isolate did not receive leaves a gap).
  final int sequence;

  /// How many records were dropped just before this one because this
  /// isolate's native queue was full (0 normally).
  final int dropped;

  /// The message.
  final String message;

  @override
  String toString() =>
      'AppCoreLogRecord(${level.name}, #$sequence, $message'
      '${dropped > 0 ? ', $dropped dropped before' : ''})';
}
