import { CliError } from '../../../lambda/cli/cli-error';
import { createTargetResolver } from '../../../lambda/cli/target';
import { LOCAL_TABLE_NAMES } from '../../../lambda/store/tables';

describe('CLI target resolution', () => {
  it('lets the environment override everything, table names included', async () => {
    const target = await createTargetResolver({ TOLLGATE_DYNAMODB_ENDPOINT: 'http://127.0.0.1:1', TOLLGATE_USAGE_TABLE: 'usage-test' })({
      stack: 'ignored',
      region: 'eu-west-1',
    });
    expect(target.tableNames).toEqual({ ...LOCAL_TABLE_NAMES, usage: 'usage-test' });
    expect(target.description).toContain('127.0.0.1:1');
    target.client.destroy();
  });

  it('asks for a region with --stack', async () => {
    await expect(createTargetResolver({})({ stack: 'tollgate' })).rejects.toEqual(
      new CliError('--stack needs a region: pass --region R (or set AWS_REGION).', 2),
    );
  });

  it('says to run npm start when no gateway runs from the data directory', async () => {
    await expect(createTargetResolver({ TOLLGATE_DATA_DIR: '/nonexistent/tollgate' })({})).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining('npm start'),
    });
  });
});
