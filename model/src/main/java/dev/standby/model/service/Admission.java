package dev.standby.model.service;

/**
 * The service's answer to an {@link AdmissionRequest}.
 *
 * @param admitted the run may go on; it acts on {@code state}'s primary
 * @param refusal why not, naming the running operation and its workflow id (null when admitted)
 * @param running the operation that holds the service when refused
 * @param preempted the workflow id of a run the service canceled to admit this one, or null
 * @param state the service as it is now
 */
public record Admission(
    boolean admitted, String refusal, Operation running, String preempted, ServiceState state) {

  public static Admission admit(ServiceState state, String preempted) {
    return new Admission(true, null, null, preempted, state);
  }

  public static Admission refuse(ServiceState state, Operation running, String why) {
    return new Admission(false, why, running, null, state);
  }
}
