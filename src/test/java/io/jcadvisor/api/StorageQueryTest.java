package io.jcadvisor.api;

import io.jcadvisor.info.v2.FsInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageQueryTest {

    final List<io.jcadvisor.fs.Partition> partitions = new FakePartitionSource().partitions();
    final List<io.jcadvisor.info.v1.FsStats> fs = ApiFixture.rootSamples().get(1).filesystem();

    @Test
    void joinsSampleEntriesWithPartitionsByDevice() {
        List<FsInfo> all = StorageQuery.all(ApiFixture.T0, fs, partitions);
        assertThat(all).extracting(FsInfo::device).containsExactly("/dev/vda1", "overlay_0-39");
        assertThat(all.get(0).mountpoint()).isEqualTo("/");
        assertThat(all.get(0).labels()).containsExactly("docker-images", "root");
        assertThat(all.get(0).inodes()).isEqualTo(16_777_216L);
        assertThat(all.get(1).inodes()).isNull();
        assertThat(StorageQuery.all(ApiFixture.T0, fs, List.of()).get(0).mountpoint()).isEmpty();
    }

    @Test
    void labelAndUuidSelectOneDevice() {
        assertThat(StorageQuery.byLabel("docker-images", ApiFixture.T0, fs, partitions)).hasSize(1);
        assertThat(StorageQuery.byUuid(FakePartitionSource.ROOT_UUID, ApiFixture.T0, fs, partitions).device())
                .isEqualTo("/dev/vda1");
        assertThatThrownBy(() -> StorageQuery.byLabel("crio-images", ApiFixture.T0, fs, partitions))
                .hasMessage("non-existent label \"crio-images\"");
        assertThatThrownBy(() -> StorageQuery.byUuid(FakePartitionSource.ROOT_UUID, ApiFixture.T0, List.of(),
                partitions)).isInstanceOf(ApiError.class);
    }
}
