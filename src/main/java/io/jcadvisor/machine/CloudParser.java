package io.jcadvisor.machine;

/**
 * Detects the cloud from SMBIOS/DMI strings ({@code /sys/class/dmi/id/*}); pure, no I/O, no
 * network. Upstream head always says {@code Unknown}; v0.36 asked each cloud's metadata server.
 * We take the middle road: the DMI strings every hypervisor of these clouds sets, which cost a
 * few file reads and never leave the machine.
 */
public final class CloudParser {

    private CloudParser() {
    }

    /**
     * @param sysVendor     {@code sys_vendor} ({@code Google}, {@code Amazon EC2}, {@code Microsoft Corporation})
     * @param productName   {@code product_name} ({@code Google Compute Engine}, {@code m5.large}, {@code Virtual Machine})
     * @param biosVendor    {@code bios_vendor}
     * @param boardVendor   {@code board_vendor}
     * @param boardAssetTag {@code board_asset_tag}: the instance id on AWS Nitro
     * @return the provider, and on AWS the instance type and id the DMI strings carry
     */
    public static CloudInfo detect(String sysVendor, String productName, String biosVendor, String boardVendor,
            String boardAssetTag) {
        if (is(sysVendor, "Google") || is(productName, "Google Compute Engine") || is(biosVendor, "Google")
                || is(boardVendor, "Google")) {
            return new CloudInfo("GCE", CloudInfo.UNKNOWN, CloudInfo.NO_INSTANCE);
        }
        if (is(sysVendor, "Amazon EC2") || is(biosVendor, "Amazon EC2") || is(boardVendor, "Amazon EC2")) {
            // Nitro instances name the instance type in product_name and the id in board_asset_tag.
            String type = is(sysVendor, "Amazon EC2") && !productName.isBlank() ? productName.trim()
                    : CloudInfo.UNKNOWN;
            String id = boardAssetTag.trim().startsWith("i-") ? boardAssetTag.trim() : CloudInfo.NO_INSTANCE;
            return new CloudInfo("AWS", type, id);
        }
        if ((is(sysVendor, "Microsoft Corporation") || is(boardVendor, "Microsoft Corporation"))
                && is(productName, "Virtual Machine")) {
            return new CloudInfo("Azure", CloudInfo.UNKNOWN, CloudInfo.NO_INSTANCE);
        }
        return CloudInfo.NONE;
    }

    private static boolean is(String value, String expected) {
        return value != null && value.trim().equals(expected);
    }
}
