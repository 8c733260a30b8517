package dev.deploypipeline.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the file store; another instance on the same directory stands for another process. */
class FileDeploymentStoreContractTest extends DeploymentStoreContract {
  @TempDir Path tmp;
  private FileDeploymentStore store;

  @Override
  DeploymentStore store() {
    if (store == null) store = new FileDeploymentStore(tmp.resolve("store"), clock);
    return store;
  }

  @Override
  DeploymentStore otherInstance() {
    return new FileDeploymentStore(tmp.resolve("store"), clock);
  }
}
