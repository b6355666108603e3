package vn.gov.lgsp.adapters.model;

/**
 * One end of a shipment: the applicant or the agency.
 *
 * @param province empty when it is not known (the one-stop event does not give the applicant's)
 */
public record PostalParty(String name, String phone, String address, String province) {

    public PostalParty {
        phone = phone == null ? "" : phone;
        address = address == null ? "" : address;
        province = province == null ? "" : province;
    }
}
