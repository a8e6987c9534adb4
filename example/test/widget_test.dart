import 'package:app_core_example/main.dart';
import 'package:flutter/material.dart';
import 'package:flutter_test/flutter_test.dart';

// `flutter test` runs app_core's build hook, so this calls the real C core.
void main() {
  testWidgets('the reverse card reverses through the C core', (tester) async {
    await tester.pumpWidget(const AppCoreExampleApp());

    expect(find.text('app_core example'), findsOneWidget);
    // In the full template the sum card comes first and leaves this button
    // near the bottom of the 800x600 test view; a tap that missed it would
    // only print a warning.
    final reverse = find.widgetWithText(FilledButton, 'Reverse');
    await tester.ensureVisible(reverse);
    await tester.pump();
    await tester.tap(reverse);
    await tester.pump();

    expect(find.text('"dlröw 👋 olléh"'), findsOneWidget);
  });

  // A 320 dp phone at twice the text size: every button row wraps instead of
  // overflowing. An overflow is reported as an error, which fails the test.
  testWidgets('no card overflows on a narrow screen with large text', (
    tester,
  ) async {
    tester.view.physicalSize = const Size(320, 640);
    tester.view.devicePixelRatio = 1;
    tester.platformDispatcher.textScaleFactorTestValue = 2;
    addTearDown(tester.view.reset);
    addTearDown(tester.platformDispatcher.clearTextScaleFactorTestValue);

    await tester.pumpWidget(const AppCoreExampleApp());

    expect(tester.takeException(), isNull);
    expect(find.text('Runtime (worker count, shutdown)'), findsOneWidget);
  });
  // template:full-only-begin

  testWidgets('the sum card adds through the C core', (tester) async {
    await tester.pumpWidget(const AppCoreExampleApp());

    await tester.tap(find.widgetWithText(FilledButton, '+'));
    await tester.pump();

    expect(find.text('2 + 3 = 5'), findsOneWidget);
  });

  testWidgets('the symbol buttons are labelled in words', (tester) async {
    final semantics = tester.ensureSemantics();
    await tester.pumpWidget(const AppCoreExampleApp());

    expect(find.bySemanticsLabel('Add a and b'), findsWidgets);
    expect(find.bySemanticsLabel('Divide a by b'), findsWidgets);
    semantics.dispose();
  });
  // template:full-only-end
}
