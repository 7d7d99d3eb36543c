/** The fake DeepSeek upstream in its own process, so that it does not share a core with the load generator. */
import { startFakeOpenAiCompatibleServer } from '../test/support/fake-upstreams/openai-compatible-server';

startFakeOpenAiCompatibleServer('deepseek', process.env.DEEPSEEK_API_KEY ?? '')
  .then((server) => {
    process.stdout.write(`${server.baseUrl}\n`);
    process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
