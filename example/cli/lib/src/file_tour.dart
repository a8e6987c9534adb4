import 'dart:io';
import 'dart:typed_data';

import 'package:app_core/app_core.dart';

// template:full-only-begin
import 'bytes_tour.dart';
// template:full-only-end
import 'report.dart';

const _fileSize = 64 << 20;

/// SHA-256 of the 64 MiB file [writeDemoFile] makes, as `sha256sum` prints
/// it; the C demo hashes the same bytes.
const _expectedDigest =
    '601fc533f64b11042a9ae821c272064871306a99496652afb5758c8979d8834d';

/// Hashes a 64 MiB file on a worker, printing each progress event, then a
/// file that does not exist.
Future<void> fileTour(Report report) async {
  report.section('a stream: SHA-256 of a file, with progress');
  final directory = await Directory.systemTemp.createTemp('app_core_tour_');
  try {
    final path = await writeDemoFile(directory);
    await _hash(report, path);
    await report.checkAsync(
      'sha256FileDigest("missing.bin")',
      () => AppCore.sha256FileDigest('${directory.path}/missing.bin'),
      fails: failsWithCode(AppCoreErrorCode.io),
    );
    // template:full-only-begin
    // Then reads the same file as bytes and hashes them in place.
    await bytesTour(
      report,
      path,
      _expectedDigest,
      '${directory.path}/missing.bin',
    );
    // template:full-only-end
  } finally {
    await directory.delete(recursive: true);
  }
}

/// Writes the same 64 MiB as the C demo into [directory], 1 MiB at a time,
/// and returns the file's path.
Future<String> writeDemoFile(Directory directory) async {
  // The C demo repeats (i * 31 + 7) & 0xFF; that pattern repeats every 256
  // bytes, so 1 MiB chunks of it make the same file.
  final chunk = Uint8List(1 << 20);
  for (var i = 0; i < chunk.length; i++) {
    chunk[i] = (i * 31 + 7) & 0xFF;
  }
  final file = File('${directory.path}/app_core_tour_hash.bin');
  final output = await file.open(mode: FileMode.write);
  try {
    for (var written = 0; written < _fileSize; written += chunk.length) {
      await output.writeFrom(chunk);
    }
  } finally {
    await output.close();
  }
  return file.path;
}

Future<void> _hash(Report report, String path) async {
  report.show('sha256File(<64 MiB file>)', 'a stream of events:');
  final stopwatch = Stopwatch()..start();
  var lastProgress = 0;
  String? digest;
  try {
    await for (final event in AppCore.sha256File(path)) {
      switch (event) {
        case Sha256Progress(:final bytesHashed):
          report.note('Sha256Progress($bytesHashed)');
          lastProgress = bytesHashed;
        case Sha256Digest(:final hex):
          report.note('Sha256Digest($hex)');
          digest = hex;
      }
    }
  } catch (error) {
    report.note(describeError(error));
  }
  report.note('hashed in ${stopwatch.elapsedMilliseconds} ms');
  report.expect(lastProgress == _fileSize, 'the last progress is the size');
  report.expect(digest == _expectedDigest, 'the digest of the 64 MiB file');
}
