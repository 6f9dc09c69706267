import Hummingbird
import JWTKit
import Metrics
import Prometheus
import Yams
import ServiceLifecycle
