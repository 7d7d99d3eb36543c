import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { retentionFindings } from './retention-check';
import { parseTemplate } from './template-values';

/**
 * Runs the retention check (`retention-check.ts`) on every synthesized template: `cdk synth` (and every test that
 * synthesizes the app) fails when a table, a log group or a log destination would keep data longer than promised.
 */
export class RetentionCheckPlugin implements IPolicyValidationPlugin {
  public readonly name = 'TollgateRetention';
  public readonly ruleIds = ['TollgateRetention'];

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    for (const templatePath of context.templatePaths) {
      const stack = path.basename(templatePath).replace(/\.template\.json$/, '');
      const template = parseTemplate(readFileSync(templatePath, 'utf8'));
      for (const finding of retentionFindings(stack, template)) {
        violations.push({
          ruleName: 'TollgateRetention',
          description: `${finding.stack}/${finding.logicalId} ${finding.problem}`,
          fix: 'See docs/DEPLOY.md, "Retention, backups included": shorten the TTL or the backup window, or lower tollgate:logRetentionDays.',
          violatingResources: [{ resourceLogicalId: finding.logicalId, templatePath, locations: ['Properties'] }],
        });
      }
    }
    return { success: violations.length === 0, violations };
  }
}
