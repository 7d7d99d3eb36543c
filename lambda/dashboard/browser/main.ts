// The dashboard page's script (bundled with Chart.js by lambda/dashboard/build-dashboard-script.ts and
// inlined into the page, allowed by its hash in the Content-Security-Policy).
import { startHolderDashboard } from './holder-dashboard';
import { startOperatorDashboard } from './operator-dashboard';

const root = document.getElementById('app');
if (root) {
  if (document.body.dataset.mode === 'operator') startOperatorDashboard(root);
  else startHolderDashboard(root);
}
