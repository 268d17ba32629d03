package io.jcadvisor.machine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CloudParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Google|Google Compute Engine|Google|Google|''|GCE|Unknown|None",
            "Amazon EC2|m5.large|Amazon EC2|Amazon EC2|i-0123456789abcdef0|AWS|m5.large|i-0123456789abcdef0",
            "Xen|HVM domU|Amazon EC2|''|''|AWS|Unknown|None",
            "Microsoft Corporation|Virtual Machine|Microsoft Corporation|Microsoft Corporation|''|Azure|Unknown|None",
            "Microsoft Corporation|Surface Laptop|Microsoft Corporation|''|''|Unknown|Unknown|None",
            "QEMU|Standard PC (Q35 + ICH9, 2009)|SeaBIOS|''|''|Unknown|Unknown|None",
            "''|''|''|''|''|Unknown|Unknown|None",
    })
    void detectsTheCloudFromDmi(String sysVendor, String product, String bios, String board, String assetTag,
            String provider, String type, String id) {
        assertThat(CloudParser.detect(sysVendor + "\n", product + "\n", bios, board, assetTag))
                .isEqualTo(new CloudInfo(provider, type, id));
    }
}
