package dev.sectools.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cache.Sha256;
import org.junit.jupiter.api.Test;

class StoreStateTest {
  private static Sha256 sha(int i) {
    return Sha256.of(new byte[] {(byte) i});
  }

  @Test
  void put_sameContentTwoKeys_countedOnceFreedWithTheLastKey() {
    StoreState s = new StoreState(1000);
    s.put("a", sha(1), 100);
    s.put("b", sha(1), 100);
    assertThat(s.bytes()).isEqualTo(100);
    assertThat(s.remove("a")).isEmpty();
    assertThat(s.remove("b")).containsExactly(sha(1));
    assertThat(s.bytes()).isZero();
  }

  @Test
  void put_keyToNewContent_returnsOldContentAsUnreferenced() {
    StoreState s = new StoreState(1000);
    s.put("a", sha(1), 100);
    assertThat(s.put("a", sha(2), 50)).containsExactly(sha(1));
    assertThat(s.bytes()).isEqualTo(50);
  }

  @Test
  void evict_overLimit_leastRecentlyUsedFirstNewestKept() {
    StoreState s = new StoreState(250);
    s.put("a", sha(1), 100);
    s.put("b", sha(2), 100);
    s.touch("a", sha(1), 100);
    s.put("c", sha(3), 100);
    assertThat(s.evict()).containsExactly("b");
    assertThat(s.drainUnreferenced()).containsExactly(sha(2));
    assertThat(s.evictions()).isEqualTo(1);
    StoreState tiny = new StoreState(10);
    tiny.put("only", sha(4), 100);
    assertThat(tiny.evict()).as("the newest key stays even over the limit").isEmpty();
  }

  @Test
  void touch_staleLookupOfOlderContent_doesNotRewindNewerPut() {
    StoreState s = new StoreState(1000);
    s.put("a", sha(1), 100);
    s.put("a", sha(2), 100); // this process's newer write
    s.touch("a", sha(1), 100); // a reader that looked up before that write
    assertThat(s.drainUnreferenced()).as("the newer content is never queued for deletion").isEmpty();
    assertThat(s.isReferenced(sha(2).hex())).isTrue();
  }

  @Test
  void isReferenced_upperCaseOrJunkName_false() {
    StoreState s = new StoreState(1000);
    s.put("a", sha(1), 1);
    assertThat(s.isReferenced(sha(1).hex())).isTrue();
    assertThat(s.isReferenced(sha(1).hex().toUpperCase())).isFalse();
    assertThat(s.isReferenced("not-a-digest")).isFalse();
  }
}
