package io.sagitta.core.net.service;

import io.sagitta.core.net.dimse.DimseCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The Verification SCP (C-ECHO, PS3.4 Annex A): always on. The default answers success. */
@FunctionalInterface
public interface EchoService {

    EchoService SUCCESS = (association, command) -> CompletableFuture.completedFuture(DimseStatus.SUCCESS);

    CompletionStage<DimseStatus> echo(AssociationInfo association, DimseCommand command);
}
