#include "hitlog/events.h"

namespace hitlog {

void EventHub::subscribe(RunObserver& observer) {
  observers_.push_back(&observer);
  if (observer.wants_hits()) hit_observers_.push_back(&observer);
}

}  // namespace hitlog
