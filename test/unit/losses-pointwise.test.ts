// Every element-wise loss against PyTorch 1.13 (fixtures from scripts/fixtures/losses_pointwise.py).
import { runFixtureFile } from "./fixtures";

runFixtureFile("losses-pointwise.json");
runFixtureFile("losses-pointwise-log.json");
