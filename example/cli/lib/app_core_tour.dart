/// A tour of every app_core function, printed as it runs.
library;

import 'package:app_core/app_core.dart';

import 'src/async_tour.dart';
import 'src/callback_tour.dart';
import 'src/file_tour.dart';
import 'src/report.dart';
import 'src/sync_tour.dart';

export 'src/report.dart' show Report;

/// Calls every app_core function, prints what each returned or threw, and
/// records in [report] each outcome that differs from the documentation.
Future<void> runTour(Report report) async {
  syncTour(report);
  await asyncTour(report);
  await fileTour(report);
  await callbackTour(report);
  _lifecycle(report);
}

/// The runtime's workers start with the first async call and stop at
/// [AppCore.shutdown]; the pool size can change only while they are stopped.
void _lifecycle(Report report) {
  report.section('runtime lifecycle');
  report.check(
    'setWorkerCount(2) while running',
    () => AppCore.setWorkerCount(2),
    expected: false,
  );
  AppCore.shutdown();
  report.show('shutdown()', 'every task ended, threads joined');
  report.check(
    'setWorkerCount(2) after shutdown',
    () => AppCore.setWorkerCount(2),
    expected: true,
  );
  report.check(
    'setWorkerCount(maxWorkerCount + 1)',
    () => AppCore.setWorkerCount(AppCore.maxWorkerCount + 1),
    fails: failsWithRangeError,
  );
}
