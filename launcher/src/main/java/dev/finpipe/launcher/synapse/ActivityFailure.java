package dev.finpipe.launcher.synapse;

/**
 * The activity that made a pipeline run fail, from {@code queryActivityruns}: its name and type and the error code
 * and message Synapse gives (e.g. {@code 2200}, "ErrorCode=UserErrorFileNotFound,...").
 */
public record ActivityFailure(String activityName, String activityType, String errorCode, String message) {

  @Override
  public String toString() {
    return "activity '" + activityName + "' (" + activityType + ") failed: " + errorCode + ": " + message;
  }
}
