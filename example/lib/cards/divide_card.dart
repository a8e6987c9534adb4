import 'package:app_core/app_core.dart';
import 'package:flutter/material.dart';

import '../widgets/two_number_card.dart';

const _description =
    'Synchronous, with an error out-parameter in C. Try 7 ÷ 0 '
    '(divisionByZero) or -2147483648 ÷ -1 (overflow).';

/// `AppCore.divide`: errors come back from C as an [AppCoreException].
class DivideCard extends StatelessWidget {
  const DivideCard({super.key});

  @override
  Widget build(BuildContext context) {
    return const TwoNumberCard(
      title: 'Divide',
      description: _description,
      symbol: '÷',
      actionLabel: 'Divide a by b',
      initialA: 7,
      initialB: 0,
      operation: AppCore.divide,
    );
  }
}
