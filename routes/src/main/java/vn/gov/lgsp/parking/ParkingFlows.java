package vn.gov.lgsp.parking;

/** Finds the delivery flow of a peer. */
public interface ParkingFlows {

    ParkingFlow flowOf(String peer);
}
