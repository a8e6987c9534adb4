import 'package:flutter/material.dart';

/// One feature of app_core: a card with a title, a line on what it shows,
/// and the controls and outcome below.
class FeatureCard extends StatelessWidget {
  const FeatureCard({
    super.key,
    required this.title,
    required this.description,
    required this.children,
  });

  final String title;
  final String description;
  final List<Widget> children;

  @override
  Widget build(BuildContext context) {
    final textTheme = Theme.of(context).textTheme;
    return Card(
      margin: const EdgeInsets.symmetric(horizontal: 16, vertical: 8),
      child: Padding(
        padding: const EdgeInsets.all(16),
        child: Column(
          crossAxisAlignment: CrossAxisAlignment.start,
          spacing: 12,
          children: [
            // A header, so that a screen reader can jump from card to card.
            Semantics(
              header: true,
              child: Text(title, style: textTheme.titleMedium),
            ),
            Text(description, style: textTheme.bodySmall),
            ...children,
          ],
        ),
      ),
    );
  }
}
