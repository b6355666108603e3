package vn.gov.lgsp.portalsync;

/** The portal flow on the embedded database, the default of the packaged application. */
class PortalSyncIT extends PortalSyncContract {
}
