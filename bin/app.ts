#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from '../lib/config';
import { addTollgateStacks } from '../lib/tollgate-app';

const app = new App();
addTollgateStacks(app, readConfig(app.node));
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
