import 'package:app_core_example/main.dart';
import 'package:flutter/material.dart';
import 'package:flutter_test/flutter_test.dart';

// `flutter test` runs app_core's build hook, so this calls the real C core.
void main() {
  testWidgets('the reverse card reverses through the C core', (tester) async {
    await tester.pumpWidget(const AppCoreExampleApp());

    expect(find.text('app_core example'), findsOneWidget);
    await tester.tap(find.widgetWithText(FilledButton, 'Reverse'));
    await tester.pump();

    expect(find.text('"dlröw 👋 olléh"'), findsOneWidget);
  });
  // template:full-only-begin

  testWidgets('the sum card adds through the C core', (tester) async {
    await tester.pumpWidget(const AppCoreExampleApp());

    await tester.tap(find.widgetWithText(FilledButton, '+'));
    await tester.pump();

    expect(find.text('2 + 3 = 5'), findsOneWidget);
  });
  // template:full-only-end
}
