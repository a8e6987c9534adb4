// Drives every public function of app_core through the running app, card by
// card, on a real device or desktop: `flutter test integration_test -d ID`
// (the GitHub workflow's device job runs it on Linux, macOS, Windows, an
// Android emulator and an iOS simulator). Each call goes through the build
// hook's library for that target, so this is the C core as the app ships it.
//
// Covered: AppCore.reverseString, fibonacci (and its cancellation),
// fetchData (and its cancellation), sha256File, setWorkerCount, shutdown,
// maxWorkerCount (the runtime card's field label); in the full template also
// sum, divide, heavyComputation, readFile (and cancelling the write before
// it), sha256Bytes, sha256FileDigest and Sha256Hasher (add, close, isClosed,
// and hashers left to their finalizer).
import 'package:app_core_example/main.dart';
import 'package:flutter/material.dart';
import 'package:flutter_test/flutter_test.dart';
import 'package:integration_test/integration_test.dart';

/// How long a call may take before the test calls it hung: generous, since
/// emulators and CI machines are slow; no test asserts a duration.
const _hung = Duration(minutes: 3);

void main() {
  IntegrationTestWidgetsFlutterBinding.ensureInitialized();

  testWidgets('reverseString keeps accents and emoji whole', (tester) async {
    await tester.pumpWidget(const AppCoreExampleApp());
    const title = 'Reverse a string';

    await _tap(tester, title, 'Reverse');
    await _waitFor(tester, title, find.text('"dlröw 👋 olléh"'));

    await _enter(tester, title, 'text', 'abc');
    await _tap(tester, title, 'Reverse');
    await _waitFor(tester, title, find.text('"cba"'));
  });

  testWidgets('fibonacci computes, and its Cancel stops it', (tester) async {
    await tester.pumpWidget(const AppCoreExampleApp());
    const title = 'Fibonacci (native worker pool)';

    await _enter(tester, title, 'n', '30');
    await _tap(tester, title, 'Compute');
    await _waitFor(tester, title, find.text('832040'));

    // fibonacci(60) takes hours by naive recursion: only Cancel ends it.
    await _enter(tester, title, 'n', '60');
    await _startThenCancel(tester, title, 'Compute');
    await _waitFor(tester, title, find.text('Cancelled'));
  });

  testWidgets('fetchData answers, and its Cancel ends the wait', (
    tester,
  ) async {
    await tester.pumpWidget(const AppCoreExampleApp());
    const title = 'Fetch (waits without a thread)';

    await _tap(tester, title, 'Fetch');
    await _waitFor(tester, title, find.textContaining('Data from: '));

    // Cancel lands in the frame after the tap, well inside the 500 ms wait.
    await _startThenCancel(tester, title, 'Fetch');
    await _waitFor(tester, title, find.text('Cancelled'));
  });

  testWidgets('sha256File streams progress, then the known digest', (
    tester,
  ) async {
    await tester.pumpWidget(const AppCoreExampleApp());
    const title = 'SHA-256 of a file (a stream)';

    await _tap(tester, title, 'Write and hash');
    // The 64 MiB of (i * 31 + 7) & 0xFF the C demo and the tour hash too.
    await _waitFor(
      tester,
      title,
      find.textContaining(
        '601fc533f64b11042a9ae821c272064871306a99496652afb5758c8979d8834d',
      ),
    );

    await _startThenCancel(tester, title, 'Write and hash');
    await _waitFor(tester, title, find.text('Cancelled'));
  });

  testWidgets('setWorkerCount and shutdown act on the native runtime', (
    tester,
  ) async {
    await tester.pumpWidget(const AppCoreExampleApp());
    const title = 'Runtime (worker count, shutdown)';
    expect(_inCard(title, find.text('workers (1 to 256)')), findsOneWidget);

    await _tap(tester, title, 'Shut down');
    await _waitFor(tester, title, find.textContaining('shutdown() returned'));
    await _enter(tester, title, 'workers (1 to 256)', '3');
    await _tap(tester, title, 'Set worker count');
    await _waitFor(tester, title, find.textContaining('(3): true'));

    // An async call starts the runtime again; now the count cannot change.
    const fetch = 'Fetch (waits without a thread)';
    await _tap(tester, fetch, 'Fetch');
    await _waitFor(tester, fetch, find.textContaining('Data from: '));
    await _tap(tester, title, 'Set worker count');
    await _waitFor(tester, title, find.textContaining('(3): false'));

    await _enter(tester, title, 'workers (1 to 256)', '0');
    await _tap(tester, title, 'Set worker count');
    await _waitFor(tester, title, find.textContaining('RangeError'));
  });
  // template:full-only-begin

  testWidgets('sum wraps at 32 bits and refuses numbers wider than that', (
    tester,
  ) async {
    await tester.pumpWidget(const AppCoreExampleApp());
    const title = 'Sum';

    await _tap(tester, title, '+');
    await _waitFor(tester, title, find.text('2 + 3 = 5'));

    await _enter(tester, title, 'a', '2147483647');
    await _enter(tester, title, 'b', '1');
    await _tap(tester, title, '+');
    await _waitFor(tester, title, find.text('2147483647 + 1 = -2147483648'));

    await _enter(tester, title, 'a', '3000000000');
    await _tap(tester, title, '+');
    await _waitFor(tester, title, find.textContaining('RangeError'));
  });

  testWidgets('divide reports the C error codes', (tester) async {
    await tester.pumpWidget(const AppCoreExampleApp());
    const title = 'Divide';

    await _tap(tester, title, '÷');
    await _waitFor(tester, title, find.textContaining('divisionByZero: '));

    await _enter(tester, title, 'a', '-2147483648');
    await _enter(tester, title, 'b', '-1');
    await _tap(tester, title, '÷');
    await _waitFor(tester, title, find.textContaining('overflow: '));

    await _enter(tester, title, 'a', '7');
    await _enter(tester, title, 'b', '2');
    await _tap(tester, title, '÷');
    await _waitFor(tester, title, find.text('7 ÷ 2 = 3'));
  });

  testWidgets('heavyComputation sums squares and bounds its input', (
    tester,
  ) async {
    await tester.pumpWidget(const AppCoreExampleApp());
    const title = 'Heavy computation (Isolate.run)';

    // 0² + 1² + ... + 999² = 999 * 1000 * 1999 / 6.
    await _enter(tester, title, 'iterations', '1000');
    await _tap(tester, title, 'Run');
    await _waitFor(tester, title, find.textContaining('332833500 in '));

    await _enter(tester, title, 'iterations', '5000000000');
    await _tap(tester, title, 'Run');
    await _waitFor(tester, title, find.textContaining('RangeError'));
  });

  testWidgets('readFile bytes hash like the file; Cancel stops the write', (
    tester,
  ) async {
    await tester.pumpWidget(const AppCoreExampleApp());
    const title = 'Read a file (zero-copy bytes)';

    await _tap(tester, title, 'Write and read');
    await _waitFor(tester, title, find.textContaining('16777216 bytes read'));
    final verdict = find.textContaining('equals sha256FileDigest of the file');
    expect(_inCard(title, verdict), findsOneWidget);

    await _startThenCancel(tester, title, 'Write and read');
    await _waitFor(tester, title, find.text('Cancelled'));
  });

  testWidgets('Sha256Hasher hashes as it is fed; dropped ones are freed', (
    tester,
  ) async {
    await tester.pumpWidget(const AppCoreExampleApp());
    const title = 'SHA-256, incrementally (a native object)';

    await _waitFor(
      tester,
      title,
      find.textContaining(
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n'
        '3 bytes in 1 adds; isClosed: true',
      ),
    );
    // Two lines, two adds: the digest of the whole "a\nb".
    await _enter(tester, title, 'text', 'a\nb');
    await _waitFor(tester, title, find.textContaining('3 bytes in 2 adds'));

    // When the collector runs is the VM's choice, so only the drop is
    // checked here, not the count of hashers collected.
    await _tap(tester, title, 'Drop 100 unclosed');
    await _waitFor(tester, title, find.textContaining('100 dropped without'));
  });
  // template:full-only-end
}

/// The card whose title is [title], scrolled into view or not.
Finder _card(String title) {
  final heading = find.text(title, skipOffstage: false);
  return find.ancestor(of: heading, matching: find.byType(Card));
}

/// [finder]'s matches inside the card titled [title], in view or not.
Finder _inCard(String title, Finder finder) =>
    find.descendant(of: _card(title), matching: finder, skipOffstage: false);

/// The buttons labelled [label] (filled or outlined). Not
/// `find.widgetWithText(ButtonStyleButton, label)`: that matches the exact
/// runtime type, and no button's is the abstract ButtonStyleButton.
Finder _button(String label) => find.ancestor(
  of: find.text(label, skipOffstage: false),
  matching: find.bySubtype<ButtonStyleButton>(skipOffstage: false),
);

/// Scrolls to the button labelled [label] in the card titled [title] and
/// taps it.
Future<void> _tap(WidgetTester tester, String title, String label) async {
  final button = _inCard(title, _button(label));
  await tester.ensureVisible(button);
  await tester.pump();
  await tester.tap(button);
  await tester.pump();
}

/// Taps the button labelled [start] in the card titled [title], then its
/// Cancel in the very next frame, while the card is busy. A card's Cancel,
/// once pressed while it is busy, always ends in "Cancelled", so this does
/// not race the work; it only needs the work to outlast one frame.
Future<void> _startThenCancel(
  WidgetTester tester,
  String title,
  String start,
) async {
  final button = _inCard(title, _button(start));
  final cancel = _inCard(title, _button('Cancel'));
  await tester.ensureVisible(button);
  await tester.pump();
  await tester.tap(button);
  await tester.pump();
  expect(
    tester.widget<ButtonStyleButton>(cancel).onPressed,
    isNotNull,
    reason: 'the card was done within one frame: nothing was left to cancel',
  );
  await tester.tap(cancel);
  await tester.pump();
}

/// Replaces the text of the field labelled [label] in the card titled
/// [title].
Future<void> _enter(
  WidgetTester tester,
  String title,
  String label,
  String text,
) async {
  final field = _inCard(title, find.widgetWithText(TextField, label));
  await tester.ensureVisible(field);
  await tester.enterText(field, text);
  await tester.pump();
}

/// Pumps frames until [finder] finds something in the card titled [title];
/// fails once [_hung] passes.
Future<void> _waitFor(WidgetTester tester, String title, Finder finder) async {
  final found = _inCard(title, finder);
  final deadline = DateTime.now().add(_hung);
  while (found.evaluate().isEmpty) {
    if (DateTime.now().isAfter(deadline)) {
      fail('Nothing found for $found within $_hung');
    }
    await tester.pump(const Duration(milliseconds: 100));
  }
}
