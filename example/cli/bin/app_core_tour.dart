import 'dart:async';
import 'dart:io';

import 'package:app_core_tour/app_core_tour.dart';

/// Runs the tour; the exit code is 1 if any outcome was not as documented.
Future<void> main() async {
  final report = Report();
  try {
    await runTour(report).timeout(const Duration(minutes: 2));
  } on TimeoutException {
    report.expect(false, 'the tour finished within 2 minutes');
    // A task that never answered keeps its port, and so this isolate, alive.
    exit(1);
  }
  final unexpected = report.unexpected;
  if (unexpected == 0) {
    print('\nevery outcome is as documented');
  } else {
    print('\n$unexpected outcome(s) differ from the documentation');
  }
  exitCode = unexpected == 0 ? 0 : 1;
}
