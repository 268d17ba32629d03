package io.jcadvisor.info.v1;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pre-rendered zero and the field-by-field path write the same text. */
class PsiStatsSerializerTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void sharedZeroAndAnEqualCopyWriteTheSameText() throws Exception {
        String zero = mapper.writeValueAsString(PsiStats.ZERO);
        assertThat(zero).isEqualTo("{\"full\":{\"total\":0,\"avg10\":0.0,\"avg60\":0.0,\"avg300\":0.0},"
                + "\"some\":{\"total\":0,\"avg10\":0.0,\"avg60\":0.0,\"avg300\":0.0}}");
        assertThat(mapper.writeValueAsString(new PsiStats(new PsiData(0, 0, 0, 0), new PsiData(0, 0, 0, 0))))
                .isEqualTo(zero);
    }

    @Test
    void nonZeroValuesAreWrittenFieldByField() throws Exception {
        PsiStats psi = new PsiStats(new PsiData(12345, 0.5, 1.25, 0), new PsiData(99, 10.0, 0, 3.75));
        assertThat(mapper.writeValueAsString(psi)).isEqualTo(
                "{\"full\":{\"total\":12345,\"avg10\":0.5,\"avg60\":1.25,\"avg300\":0.0},"
                        + "\"some\":{\"total\":99,\"avg10\":10.0,\"avg60\":0.0,\"avg300\":3.75}}");
    }

    @Test
    void insideAContainerSampleTheFieldKeepsItsPlace() throws Exception {
        String json = mapper.writeValueAsString(new Wrapper(1, PsiStats.ZERO, 2));
        assertThat(json).isEqualTo("{\"a\":1,\"psi\":{\"full\":{\"total\":0,\"avg10\":0.0,\"avg60\":0.0,"
                + "\"avg300\":0.0},\"some\":{\"total\":0,\"avg10\":0.0,\"avg60\":0.0,\"avg300\":0.0}},\"b\":2}");
    }

    record Wrapper(int a, PsiStats psi, int b) {
    }
}
