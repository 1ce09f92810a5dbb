// Every element-wise loss against PyTorch 1.13 and 2.13 (fixtures from scripts/fixtures/losses_pointwise.py run
// with each version's interpreter).
import { runFixtureFile } from "./fixtures";

for (const suffix of ["", "-2.13"]) {
  runFixtureFile(`losses-pointwise${suffix}.json`);
  runFixtureFile(`losses-pointwise-log${suffix}.json`);
}

// What 2.x added to the API (weight= on F.mse_loss & co.) and changed in its checks: PyTorch 2.13 only.
runFixtureFile("losses-versions-2.13.json");
