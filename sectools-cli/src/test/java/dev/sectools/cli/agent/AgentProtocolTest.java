package dev.sectools.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.cli.agent.AgentProtocol.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentProtocolTest {
  @Test
  void writeThenRead_fieldsWithBinaryValue_roundTrip() throws IOException {
    byte[] value = {0, 1, (byte) 0xff, '\n'};
    ByteArrayOutputStream wire = new ByteArrayOutputStream();

    AgentProtocol.write(Channels.newChannel(wire), new Frame(AgentProtocol.OK, List.of("3".getBytes(), value)));
    Frame read = AgentProtocol.read(Channels.newChannel(new ByteArrayInputStream(wire.toByteArray())));

    assertThat(read.kind()).isEqualTo(AgentProtocol.OK);
    assertThat(read.text(0)).isEqualTo("3");
    assertThat(read.field(1)).isEqualTo(value);
  }

  @Test
  void read_truncatedFrame_throwsEof() {
    byte[] wire = ByteBuffer.allocate(6).putInt(10).put(AgentProtocol.GET).put((byte) 0).array();

    assertThatThrownBy(() -> AgentProtocol.read(Channels.newChannel(new ByteArrayInputStream(wire))))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void read_hugeLength_refusedBeforeAllocating() {
    byte[] wire = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();

    assertThatThrownBy(() -> AgentProtocol.read(Channels.newChannel(new ByteArrayInputStream(wire))))
        .isInstanceOf(IOException.class).hasMessageContaining("length");
  }

  @Test
  void read_fieldLongerThanFrame_refused() {
    byte[] wire = ByteBuffer.allocate(10).putInt(6).put(AgentProtocol.GET).put((byte) 1).putInt(100).array();

    assertThatThrownBy(() -> AgentProtocol.read(Channels.newChannel(new ByteArrayInputStream(wire))))
        .isInstanceOf(IOException.class).hasMessageContaining("field length");
  }

  @Test
  void wipe_afterUse_fieldsAreZero() {
    Frame f = Frame.of(AgentProtocol.UNLOCK, "/store", "passphrase");

    f.wipe();

    assertThat(Arrays.equals(f.field(1), new byte[10])).isTrue();
    assertThat(f.toString()).doesNotContain("passphrase");
  }

  @Test
  void passedToRun_passphraseVariablesWithheld_storeAndXdgPassed() {
    assertThat(AgentProtocol.passedToRun("SECTOOLS_PASSPHRASE")).isFalse();
    assertThat(AgentProtocol.passedToRun("SECTOOLS_PASSPHRASE_FILE")).isFalse();
    assertThat(AgentProtocol.passedToRun("PATH")).isFalse();
    assertThat(AgentProtocol.passedToRun("LD_PRELOAD")).isFalse();
    assertThat(AgentProtocol.passedToRun("SECTOOLS_STORE")).isTrue();
    assertThat(AgentProtocol.passedToRun("XDG_DATA_HOME")).isTrue();
    assertThat(AgentProtocol.passedToRun("HOME")).isTrue();
  }
}
